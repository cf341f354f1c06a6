package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scrubs the personal data of erased numbers from the queue (GDPR Art. 17): every row queued for
 * them, on every declared route and over the queue's whole retention, keeps its key, campaign and
 * parts but loses its destination and text.
 *
 * <p>Rows are overwritten, never deleted: the depth counters count enqueued against resolved
 * messages, so a dispatcher must still read and resolve each one ({@link QueuedMessage#erased()}
 * tells it not to send). The overwrite keeps the row's remaining TTL, so an erased row expires when
 * the original would have. Erasures are rare: a shard is read through its bucket index (populated
 * buckets only), whole partitions at a time, and matched here rather than by a secondary index that
 * every enqueue would pay for.
 */
public final class QueueEraser {

  /** Rows fetched per page while scanning a partition. */
  private static final int PAGE = 5000;

  private final DispatchQueue queue;
  private final PreparedStatement selectRoutes;
  private final PreparedStatement selectBuckets;
  private final PreparedStatement selectRows;
  private final PreparedStatement selectCursors;
  private final PreparedStatement scrub;

  /** What one erasure did. */
  public record Result(long erased, long unsent, int routes) {}

  public QueueEraser(DispatchQueue queue) {
    this.queue = queue;
    CqlSession session = queue.session();
    String ks = queue.settings().keyspace();
    selectRoutes = session.prepare("SELECT route, shards FROM " + ks + ".routes");
    selectBuckets =
        session.prepare("SELECT bucket FROM " + ks + ".buckets WHERE route = ? AND shard = ?");
    selectRows =
        session.prepare(
            "SELECT seq, destination, TTL(body) AS ttl FROM "
                + ks
                + ".messages WHERE route = ? AND shard = ? AND bucket = ?");
    selectCursors =
        session.prepare("SELECT shard, bucket, seq FROM " + ks + ".cursors WHERE route = ?");
    // Empty values rather than nulls: an erased row carries no tombstone for compaction to keep.
    scrub =
        session.prepare(
            "UPDATE "
                + ks
                + ".messages USING TTL ? SET destination = '', body = ''"
                + " WHERE route = ? AND shard = ? AND bucket = ? AND seq = ?");
  }

  /**
   * Scrubs every queued message to one of {@code phones} (E.164, with or without the leading '+').
   * Idempotent; throws when Cassandra fails, after which a retry completes the work.
   */
  public Result erase(Collection<String> phones) {
    Set<String> numbers = new HashSet<>();
    for (String phone : phones) {
      String key = key(phone);
      if (!key.isEmpty()) {
        numbers.add(key);
      }
    }
    if (numbers.isEmpty()) {
      return new Result(0, 0, 0);
    }
    CqlSession session = queue.session();
    long erased = 0;
    long unsent = 0;
    int routes = 0;
    for (Row route : session.execute(selectRoutes.bind())) {
      routes++;
      String name = route.getString("route");
      Map<Integer, QueuePosition> cursors = cursors(name);
      for (int shard = 0; shard < route.getInt("shards"); shard++) {
        QueuePosition cursor = cursors.get(shard);
        for (long bucket : buckets(name, shard)) {
          for (Row row : session.execute(selectRows.bind(name, shard, bucket).setPageSize(PAGE))) {
            if (!numbers.contains(key(row.getString("destination")))) {
              continue;
            }
            int ttl = row.isNull("ttl") ? 0 : row.getInt("ttl");
            session.execute(scrub.bind(ttl, name, shard, bucket, row.getUuid("seq")));
            erased++;
            if (cursor == null
                || new QueuePosition(bucket, row.getUuid("seq")).compareTo(cursor) > 0) {
              unsent++;
            }
          }
        }
      }
    }
    return new Result(erased, unsent, routes);
  }

  private List<Long> buckets(String route, int shard) {
    List<Long> buckets = new ArrayList<>();
    for (Row row : queue.session().execute(selectBuckets.bind(route, shard))) {
      buckets.add(row.getLong("bucket"));
    }
    return buckets;
  }

  /** How far each shard of a route has been resolved: rows after it are not sent yet. */
  private Map<Integer, QueuePosition> cursors(String route) {
    Map<Integer, QueuePosition> cursors = new HashMap<>();
    for (Row row : queue.session().execute(selectCursors.bind(route))) {
      if (!row.isNull("seq")) {
        cursors.put(
            row.getInt("shard"), new QueuePosition(row.getLong("bucket"), row.getUuid("seq")));
      }
    }
    return cursors;
  }

  /** A number as compared here: without spaces or its leading '+', whatever form was written. */
  private static String key(String number) {
    String trimmed = number == null ? "" : number.strip();
    return trimmed.startsWith("+") ? trimmed.substring(1) : trimmed;
  }
}
