package dev.relais.analytics.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.analytics.events.BatchClaimDecision;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Claims of RecordEvents batches in {@code event_batches}, all through lightweight transactions so
 * that two calls carrying the same batch id can never both count it.
 *
 * <p>Every change after the first claim is conditional on the attempt id: an attempt whose claim
 * was taken over can neither complete nor release the new owner's claim.
 */
public final class EventBatchClaimDao {

  /** A claim as stored: the attempt owning it, its state and when it was (re)claimed. */
  public record Claim(UUID attemptId, String state, Instant claimedAt) {}

  private final CqlSession session;
  private final PreparedStatement insertIfAbsent;
  private final PreparedStatement takeOver;
  private final PreparedStatement complete;
  private final PreparedStatement release;

  public EventBatchClaimDao(CqlSession session) {
    this.session = session;
    this.insertIfAbsent =
        session.prepare(
            "INSERT INTO event_batches (batch_id, attempt_id, state, claimed_at, events)"
                + " VALUES (?, ?, '"
                + BatchClaimDecision.PENDING
                + "', ?, ?) IF NOT EXISTS");
    this.takeOver =
        session.prepare(
            "UPDATE event_batches SET attempt_id = ?, claimed_at = ?"
                + " WHERE batch_id = ? IF attempt_id = ? AND state = '"
                + BatchClaimDecision.PENDING
                + "'");
    this.complete =
        session.prepare(
            "UPDATE event_batches SET state = '"
                + BatchClaimDecision.DONE
                + "' WHERE batch_id = ? IF attempt_id = ?");
    this.release =
        session.prepare("DELETE FROM event_batches WHERE batch_id = ? IF attempt_id = ?");
  }

  /** Claims a new batch; empty if claimed, else the claim that already holds it. */
  public Optional<Claim> claim(String batchId, UUID attemptId, Instant now, int events) {
    ResultSet result = execute(insertIfAbsent.bind(batchId, attemptId, now, events));
    if (result.wasApplied()) {
      return Optional.empty();
    }
    Row existing = result.one();
    return Optional.of(
        new Claim(
            existing.getUuid("attempt_id"),
            existing.getString("state"),
            existing.getInstant("claimed_at")));
  }

  /** Takes over a PENDING claim still held by {@code previous}; false if it changed meanwhile. */
  public boolean takeOver(String batchId, UUID previous, UUID attemptId, Instant now) {
    return execute(takeOver.bind(attemptId, now, batchId, previous)).wasApplied();
  }

  /** Marks the batch as recorded; false if another attempt took the claim over meanwhile. */
  public boolean complete(String batchId, UUID attemptId) {
    return execute(complete.bind(batchId, attemptId)).wasApplied();
  }

  /** Gives the claim up so that a retry records the batch again; false if no longer ours. */
  public boolean release(String batchId, UUID attemptId) {
    return execute(release.bind(batchId, attemptId)).wasApplied();
  }

  private ResultSet execute(BoundStatement statement) {
    return session.execute(
        statement
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
            .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL));
  }
}
