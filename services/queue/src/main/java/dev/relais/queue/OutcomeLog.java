package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.relais.common.cassandra.GroupCommitWriter;
import java.util.concurrent.CompletionStage;

/**
 * Appends the SMSC's answer to each sent message (one immutable row in {@code outcomes}, same
 * partition as the message), so that a new lease holder of the shard does not resend a message
 * whose answer is known.
 *
 * <p>Group commit ({@link GroupCommitWriter}): answers waiting while a write is on the wire share
 * the next one, as unlogged batches grouped by partition.
 */
public final class OutcomeLog implements AutoCloseable {

  static final String SUBMITTED = "SUBMITTED";
  static final String FAILED = "FAILED";

  private static final int MAX_BATCH = 50;
  private static final int MAX_WRITES_IN_FLIGHT = 8;

  private record Partition(String route, int shard, long bucket) {}

  private final PreparedStatement insertSubmitted;
  private final PreparedStatement insertFailed;
  private final GroupCommitWriter writer;

  OutcomeLog(DispatchQueue queue) {
    CqlSession session = queue.session();
    String ks = queue.settings().keyspace();
    insertSubmitted =
        session.prepare(
            "INSERT INTO "
                + ks
                + ".outcomes (route, shard, bucket, seq, outcome, smsc_id, parts)"
                + " VALUES (?, ?, ?, ?, '"
                + SUBMITTED
                + "', ?, ?)");
    insertFailed =
        session.prepare(
            "INSERT INTO "
                + ks
                + ".outcomes (route, shard, bucket, seq, outcome, parts, error_code)"
                + " VALUES (?, ?, ?, ?, '"
                + FAILED
                + "', ?, ?)");
    writer = new GroupCommitWriter(session, "outcome-log", MAX_BATCH, MAX_WRITES_IN_FLIGHT);
  }

  /** The SMSC accepted every part; completes once the row is durable. */
  public CompletionStage<Void> submitted(QueuedMessage m, String smscId, int parts) {
    QueuePosition p = m.position();
    return append(
        m, insertSubmitted.bind(m.route(), m.shard(), p.bucket(), p.seq(), smscId, parts));
  }

  /** The SMSC refused the message with {@code errorCode}; completes once the row is durable. */
  public CompletionStage<Void> failed(QueuedMessage m, int parts, int errorCode) {
    QueuePosition p = m.position();
    return append(
        m, insertFailed.bind(m.route(), m.shard(), p.bucket(), p.seq(), parts, errorCode));
  }

  private CompletionStage<Void> append(QueuedMessage m, BoundStatement row) {
    return writer.write(new Partition(m.route(), m.shard(), m.position().bucket()), row);
  }

  /**
   * Writes the answers still waiting (briefly) and stops; answers not written stay unknown (their
   * messages count as in doubt).
   */
  @Override
  public void close() {
    writer.close();
  }
}
