package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.Collection;
import java.util.Set;

/**
 * Scrubs the personal data of erased numbers from the queue (GDPR Art. 17): every row queued for
 * them, on every declared route and over the queue's whole retention, keeps its key, campaign and
 * parts but loses its destination and text.
 *
 * <p>Rows are overwritten, never deleted: the depth counters count enqueued against resolved
 * messages, so a dispatcher must still read and resolve each one ({@link QueuedMessage#erased()}
 * tells it not to send). The overwrite keeps the row's remaining TTL, so an erased row expires when
 * the original would have. The rows are found by {@link QueueScan}, as {@link QueueExporter} finds
 * them.
 */
public final class QueueEraser {

  private final QueueScan scan;
  private final PreparedStatement scrub;

  /** What one erasure did. */
  public record Result(long erased, long unsent, int routes) {}

  public QueueEraser(DispatchQueue queue) {
    this.scan = new QueueScan(queue);
    String ks = queue.settings().keyspace();
    // Empty values rather than nulls: an erased row carries no tombstone for compaction to keep.
    scrub =
        queue
            .session()
            .prepare(
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
    Set<String> numbers = QueueScan.keys(phones);
    if (numbers.isEmpty()) {
      return new Result(0, 0, 0);
    }
    CqlSession session = scan.session();
    long[] erased = {0};
    long[] unsent = {0};
    int routes =
        scan.scan(
            numbers,
            match -> {
              Row row = match.row();
              int ttl = row.isNull("ttl") ? 0 : row.getInt("ttl");
              if (ttl > 1) {
                // TTLs are read in whole seconds: one less so that the blanked cells never
                // outlive the row (0 would mean no TTL at all).
                ttl--;
              }
              session.execute(
                  scrub.bind(
                      ttl, match.route(), match.shard(), match.bucket(), row.getUuid("seq")));
              erased[0]++;
              if (match.unsent()) {
                unsent[0]++;
              }
            });
    return new Result(erased[0], unsent[0], routes);
  }
}
