package dev.relais.dispatch.receipt;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.common.cassandra.GroupCommitWriter;
import dev.relais.dispatch.BoundedMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers SMSC message id to Relais message, in a bounded in-memory cache (most receipts arrive
 * within seconds, to the process that submitted) and in Cassandra for 72 h (late receipts, receipts
 * arriving on another replica or after a restart).
 *
 * <p>Ids are stored in {@link SmscMessageIds#canonical canonical} form and looked up with a
 * receipt's {@link SmscMessageIds#lookupKeys lookup keys}.
 *
 * <p>Rows are group-committed ({@link GroupCommitWriter}) in unlogged batches of up to {@value
 * #MAX_BATCH} rows: one request instead of one per message; each row is its own partition, so
 * batches stay under Cassandra's warning for batches spanning many partitions.
 */
public final class CorrelationStore implements CorrelationLookup, AutoCloseable {

  private static final int MAX_BATCH = 10;
  private static final int MAX_WRITES_IN_FLIGHT = 16;

  private final CqlSession session;
  private final String route;
  private final BoundedMap<String, SentMessage> cache;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final AtomicLong writeFailures = new AtomicLong();
  private final GroupCommitWriter writer;

  public CorrelationStore(CqlSession session, String route, int cacheSize) {
    this.session = session;
    this.route = route;
    this.cache = new BoundedMap<>(cacheSize);
    this.insert =
        session.prepare(
            "INSERT INTO smsc_messages (route, smsc_id, message_id, campaign_id, variant, part,"
                + " parts) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.select =
        session.prepare(
            "SELECT message_id, campaign_id, variant, part, parts FROM smsc_messages"
                + " WHERE route = ? AND smsc_id = ?");
    this.writer =
        new GroupCommitWriter(session, "correlation-writer", MAX_BATCH, MAX_WRITES_IN_FLIGHT);
  }

  /** Records the id of a submit_sm_resp; the returned stage completes once it is durable. */
  public CompletionStage<Void> remember(String smscId, SentMessage sent) {
    String key = SmscMessageIds.canonical(smscId);
    cache.put(key, sent);
    return writer
        .write(
            route,
            insert.bind(
                route,
                key,
                sent.messageId(),
                sent.campaignId(),
                sent.variant(),
                sent.part(),
                sent.parts()))
        .whenComplete((ok, error) -> {
          if (error != null) {
            writeFailures.incrementAndGet();
          }
        });
  }

  /** Tries each lookup key in turn: cache first, then Cassandra. */
  @Override
  public CompletionStage<Optional<SentMessage>> find(List<String> keys) {
    for (String key : keys) {
      SentMessage cached = cache.get(key);
      if (cached != null) {
        return CompletableFuture.completedFuture(Optional.of(cached));
      }
    }
    return findStored(keys, 0);
  }

  private CompletionStage<Optional<SentMessage>> findStored(List<String> keys, int index) {
    if (index >= keys.size()) {
      return CompletableFuture.completedFuture(Optional.empty());
    }
    return session
        .executeAsync(select.bind(route, keys.get(index)))
        .thenCompose(rs -> {
          Row row = rs.one();
          if (row == null) {
            return findStored(keys, index + 1);
          }
          SentMessage sent =
              new SentMessage(
                  row.getUuid("message_id"),
                  row.getString("campaign_id"),
                  row.getString("variant"),
                  row.getInt("part"),
                  row.getInt("parts"));
          cache.put(keys.get(index), sent);
          return CompletableFuture.completedFuture(Optional.of(sent));
        });
  }

  /** Correlation rows that could not be written (their receipts may become orphans). */
  public long writeFailures() {
    return writeFailures.get();
  }

  /**
   * Writes the ids still waiting (briefly) and stops; ids unwritten then are known to this
   * process's cache only, and receipts for them arriving elsewhere become orphans.
   */
  @Override
  public void close() {
    writer.close();
  }
}
