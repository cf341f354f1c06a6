package dev.relais.links;

import dev.relais.links.store.Link;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The links redirected lately, least recently used evicted first, so that a link clicked again (by
 * its recipient, by the previews of a group chat) costs no Cassandra read. An entry is kept for
 * {@link #MAX_AGE_NANOS} at most: a link erased through another replica stops redirecting to its
 * target within that time.
 */
final class LinkCache {

  static final long MAX_AGE_NANOS = 60_000_000_000L;

  private record Cached(Link link, long loadedAt) {}

  private final Map<String, Cached> entries;

  LinkCache(int capacity) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The cached link of a token, null when absent or too old. */
  synchronized Link get(String token) {
    Cached entry = entries.get(token);
    if (entry == null) {
      return null;
    }
    if (System.nanoTime() - entry.loadedAt() > MAX_AGE_NANOS) {
      entries.remove(token);
      return null;
    }
    return entry.link();
  }

  synchronized void put(Link link) {
    entries.put(link.token(), new Cached(link, System.nanoTime()));
  }

  synchronized void remove(String token) {
    entries.remove(token);
  }
}
