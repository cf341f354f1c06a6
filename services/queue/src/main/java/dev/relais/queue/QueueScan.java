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
 * Finds every row queued for some numbers, on every declared route and over the queue's whole
 * retention: the traversal shared by erasure ({@link QueueEraser}) and export ({@link
 * QueueExporter}) so that an export shows exactly what an erasure would scrub.
 *
 * <p>GDPR requests are rare: a shard is read through its bucket index (populated buckets only),
 * whole partitions at a time, and rows are matched here rather than by a secondary index that every
 * enqueue would pay for.
 */
final class QueueScan {

  /** Rows fetched per page while scanning a partition. */
  private static final int PAGE = 5000;

  /** One row queued for a number searched, with where it sits and whether dispatch passed it. */
  record Match(String route, int shard, long bucket, Row row, boolean unsent) {}

  /** Receives the matching rows of a scan. */
  @FunctionalInterface
  interface Visitor {
    void accept(Match match);
  }

  private final CqlSession session;
  private final PreparedStatement selectRoutes;
  private final PreparedStatement selectBuckets;
  private final PreparedStatement selectRows;
  private final PreparedStatement selectCursors;

  QueueScan(DispatchQueue queue) {
    this.session = queue.session();
    String ks = queue.settings().keyspace();
    selectRoutes = session.prepare("SELECT route, shards FROM " + ks + ".routes");
    selectBuckets =
        session.prepare("SELECT bucket FROM " + ks + ".buckets WHERE route = ? AND shard = ?");
    selectRows =
        session.prepare(
            "SELECT seq, message_id, campaign_id, destination, sender, body, expires_at, parts,"
                + " TTL(body) AS ttl FROM "
                + ks
                + ".messages WHERE route = ? AND shard = ? AND bucket = ?");
    selectCursors =
        session.prepare("SELECT shard, bucket, seq FROM " + ks + ".cursors WHERE route = ?");
  }

  CqlSession session() {
    return session;
  }

  /** The numbers of a request as rows are matched: blank ones dropped. */
  static Set<String> keys(Collection<String> phones) {
    Set<String> numbers = new HashSet<>();
    for (String phone : phones) {
      String key = key(phone);
      if (!key.isEmpty()) {
        numbers.add(key);
      }
    }
    return numbers;
  }

  /** A number as compared here: without spaces or its leading '+', whatever form was written. */
  static String key(String number) {
    String trimmed = number == null ? "" : number.strip();
    return trimmed.startsWith("+") ? trimmed.substring(1) : trimmed;
  }

  /**
   * Whether a row at {@code position} is not resolved yet by a shard resolved up to {@code cursor}
   * (null: nothing resolved).
   */
  static boolean unsent(QueuePosition position, QueuePosition cursor) {
    return cursor == null || position.compareTo(cursor) > 0;
  }

  /**
   * Hands every row queued for one of {@code numbers} (keys, see {@link #keys}) to {@code visitor},
   * route by route, shard by shard, in queue order. Returns the number of routes searched; throws
   * when Cassandra fails.
   */
  int scan(Set<String> numbers, Visitor visitor) {
    int routes = 0;
    for (Row route : session.execute(selectRoutes.bind())) {
      routes++;
      String name = route.getString("route");
      Map<Integer, QueuePosition> cursors = cursors(name);
      for (int shard = 0; shard < route.getInt("shards"); shard++) {
        QueuePosition cursor = cursors.get(shard);
        for (long bucket : buckets(name, shard)) {
          for (Row row : session.execute(selectRows.bind(name, shard, bucket).setPageSize(PAGE))) {
            if (numbers.contains(key(row.getString("destination")))) {
              QueuePosition position = new QueuePosition(bucket, row.getUuid("seq"));
              visitor.accept(new Match(name, shard, bucket, row, unsent(position, cursor)));
            }
          }
        }
      }
    }
    return routes;
  }

  private List<Long> buckets(String route, int shard) {
    List<Long> buckets = new ArrayList<>();
    for (Row row : session.execute(selectBuckets.bind(route, shard))) {
      buckets.add(row.getLong("bucket"));
    }
    return buckets;
  }

  /** How far each shard of a route has been resolved: rows after it are not sent yet. */
  private Map<Integer, QueuePosition> cursors(String route) {
    Map<Integer, QueuePosition> cursors = new HashMap<>();
    for (Row row : session.execute(selectCursors.bind(route))) {
      if (!row.isNull("seq")) {
        cursors.put(
            row.getInt("shard"), new QueuePosition(row.getLong("bucket"), row.getUuid("seq")));
      }
    }
    return cursors;
  }
}
