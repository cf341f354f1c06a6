package dev.relais.dispatch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A thread-safe map that forgets its oldest entries beyond a size: the in-memory caches of the
 * dispatcher (SMSC ids, last campaign per number) must not grow with the campaign.
 */
public final class BoundedMap<K, V> {

  private final LinkedHashMap<K, V> entries;

  public BoundedMap(int maxEntries) {
    this.entries =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > maxEntries;
          }
        };
  }

  public synchronized void put(K key, V value) {
    entries.put(key, value);
  }

  public synchronized V get(K key) {
    return entries.get(key);
  }

  public synchronized V remove(K key) {
    return entries.remove(key);
  }

  public synchronized int size() {
    return entries.size();
  }
}
