package dev.relais.dispatch.receipt;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.relais.dispatch.BoundedMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Remembers SMSC message id to Relais message, in a bounded in-memory cache (most receipts arrive
 * within seconds, to the process that submitted) and in Cassandra for 72 h (late receipts, receipts
 * arriving on another replica or after a restart).
 *
 * <p>Ids are stored in {@link SmscMessageIds#canonical canonical} form and looked up with a
 * receipt's {@link SmscMessageIds#lookupKeys lookup keys}.
 *
 * <p>Rows are group-committed: one writer thread sends whatever ids wait as unlogged batches of up
 * to {@value #MAX_BATCH} rows (one request instead of one per message; each row is its own
 * partition, so batches stay under Cassandra's warning for batches spanning many partitions).
 */
public final class CorrelationStore implements CorrelationLookup, AutoCloseable {

  private static final int MAX_BATCH = 10;
  private static final int MAX_WRITES_IN_FLIGHT = 16;

  private record Pending(BatchableStatement<?> row, CompletableFuture<Void> done) {}

  private final CqlSession session;
  private final String route;
  private final BoundedMap<String, SentMessage> cache;
  private final PreparedStatement insert;
  private final PreparedStatement select;
  private final AtomicLong writeFailures = new AtomicLong();
  private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
  private final Semaphore writes = new Semaphore(MAX_WRITES_IN_FLIGHT);
  private final Thread writer;
  private volatile boolean closed;

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
    this.writer = Thread.ofPlatform().daemon().name("correlation-writer").start(this::writeLoop);
  }

  /** Records the id of a submit_sm_resp; the returned stage completes once it is durable. */
  public CompletionStage<Void> remember(String smscId, SentMessage sent) {
    String key = SmscMessageIds.canonical(smscId);
    cache.put(key, sent);
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("correlation store closed"));
      return done;
    }
    pending.add(
        new Pending(
            insert.bind(
                route,
                key,
                sent.messageId(),
                sent.campaignId(),
                sent.variant(),
                sent.part(),
                sent.parts()),
            done));
    return done;
  }

  private void writeLoop() {
    while (!closed || !pending.isEmpty()) {
      List<Pending> batch = new ArrayList<>(MAX_BATCH);
      try {
        Pending first = pending.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        pending.drainTo(batch, MAX_BATCH - 1);
        writes.acquire();
      } catch (InterruptedException e) {
        batch.forEach(p -> p.done().completeExceptionally(e));
        return;
      }
      write(batch);
    }
  }

  private void write(List<Pending> batch) {
    Statement<?> statement =
        batch.size() == 1
            ? batch.get(0).row()
            : BatchStatement.newInstance(
                BatchType.UNLOGGED,
                batch.stream().<BatchableStatement<?>>map(Pending::row).toList());
    CompletionStage<?> written;
    try {
      written = session.executeAsync(statement.setIdempotent(true));
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    written.whenComplete((ok, error) -> {
      writes.release();
      for (Pending p : batch) {
        if (error == null) {
          p.done().complete(null);
        } else {
          writeFailures.incrementAndGet();
          p.done().completeExceptionally(error);
        }
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
   * Writes what waits (for up to {@code timeout}) and stops; ids still unwritten then are known to
   * this process's cache only, and receipts for them arriving elsewhere become orphans.
   */
  public void close(Duration timeout) {
    closed = true;
    try {
      writer.join(timeout.toMillis());
      if (writes.tryAcquire(MAX_WRITES_IN_FLIGHT, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        writes.release(MAX_WRITES_IN_FLIGHT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.interrupt();
    List<Pending> left = new ArrayList<>();
    pending.drainTo(left);
    left.forEach(p -> p.done().completeExceptionally(new IllegalStateException("closed")));
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }
}
