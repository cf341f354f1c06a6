package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.relais.common.cassandra.GroupCommitWriter;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Logs the SMSC's answer to each sent message, so that a new lease holder of the shard does not
 * resend a message whose answer is known.
 *
 * <p>Group commit ({@link GroupCommitWriter}): the answers of one (route, shard, bucket) waiting
 * while a write is on the wire share the next one, packed into a single {@code outcome_chunks} row
 * ({@link OutcomeChunk}): one row per group commit instead of one per message.
 */
public final class OutcomeLog implements AutoCloseable {

  /** Answers of the {@code outcomes} table, written before chunks replaced it. */
  static final String SUBMITTED = "SUBMITTED";

  private static final int MAX_CHUNK = 200;
  private static final int MAX_WRITES_IN_FLIGHT = 8;

  /** Partition key of {@code outcome_chunks}, the group of the writer. */
  private record Partition(String route, int shard, long bucket) {}

  private final PreparedStatement insertChunk;
  private final GroupCommitWriter<OutcomeChunk.Entry> writer;

  OutcomeLog(DispatchQueue queue) {
    CqlSession session = queue.session();
    String ks = queue.settings().keyspace();
    insertChunk =
        session.prepare(
            "INSERT INTO "
                + ks
                + ".outcome_chunks (route, shard, bucket, chunk, outcomes) VALUES (?, ?, ?, ?, ?)");
    writer =
        new GroupCommitWriter<>(
            session,
            "outcome-log",
            MAX_CHUNK,
            MAX_WRITES_IN_FLIGHT,
            (group, entries) -> {
              Partition p = (Partition) group;
              // Chunk times come from the queue's clock, as the seqs of the messages they answer.
              UUID chunk = TimeUuids.at(queue.clock().instant());
              return insertChunk.bind(
                  p.route(), p.shard(), p.bucket(), chunk, OutcomeChunk.encode(entries));
            });
  }

  /** The SMSC accepted every part; completes once the answer is durable. */
  public CompletionStage<Void> submitted(QueuedMessage m, String smscId, int parts) {
    return append(m, new PriorAttempt(PriorAttempt.Kind.SUBMITTED, smscId, parts, 0));
  }

  /** The SMSC refused the message with {@code errorCode}; completes once the answer is durable. */
  public CompletionStage<Void> failed(QueuedMessage m, int parts, int errorCode) {
    return append(m, new PriorAttempt(PriorAttempt.Kind.FAILED, "", parts, errorCode));
  }

  private CompletionStage<Void> append(QueuedMessage m, PriorAttempt answer) {
    QueuePosition p = m.position();
    return writer.write(
        new Partition(m.route(), m.shard(), p.bucket()), new OutcomeChunk.Entry(p.seq(), answer));
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
