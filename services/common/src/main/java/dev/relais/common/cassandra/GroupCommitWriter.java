package dev.relais.common.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Group commit of small idempotent writes on a hot path: one writer thread takes whatever rows wait
 * and sends them as unlogged batches of rows sharing a group (typically their partition), at most
 * {@code maxBatch} rows each, with at most {@code maxInFlight} batches on the wire. A lone row is
 * written at once (no timer adds latency); under load, rows arriving during a write share the next
 * one, so Cassandra sees one request for many rows.
 */
public final class GroupCommitWriter implements AutoCloseable {

  private static final int MAX_TAKEN = 2_000;

  private record Pending(Object group, BatchableStatement<?> row, CompletableFuture<Void> done) {}

  private final CqlSession session;
  private final int maxBatch;
  private final int maxInFlight;
  private final Semaphore writes;
  private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  /**
   * @param name of the writer thread
   * @param maxBatch most rows in one batch; rows of different partitions in one group should stay
   *     under Cassandra's warning for batches across partitions (10)
   */
  public GroupCommitWriter(CqlSession session, String name, int maxBatch, int maxInFlight) {
    this.session = session;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.writes = new Semaphore(maxInFlight);
    this.writer = Thread.ofPlatform().daemon().name(name).start(this::writeLoop);
  }

  /**
   * Queues a row; rows of the same {@code group} may share a batch. The stage completes once the
   * row is durable, or exceptionally if it could not be written (or the writer is closed).
   */
  public CompletionStage<Void> write(Object group, BatchableStatement<?> row) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("writer closed"));
      return done;
    }
    pending.add(new Pending(group, row, done));
    return done;
  }

  private void writeLoop() {
    while (!closed || !pending.isEmpty()) {
      List<Pending> taken = new ArrayList<>();
      try {
        Pending first = pending.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        taken.add(first);
      } catch (InterruptedException e) {
        return;
      }
      pending.drainTo(taken, MAX_TAKEN);
      Map<Object, List<Pending>> byGroup = new LinkedHashMap<>();
      for (Pending p : taken) {
        byGroup.computeIfAbsent(p.group(), k -> new ArrayList<>()).add(p);
      }
      List<List<Pending>> batches = new ArrayList<>();
      for (List<Pending> rows : byGroup.values()) {
        for (int from = 0; from < rows.size(); from += maxBatch) {
          batches.add(rows.subList(from, Math.min(rows.size(), from + maxBatch)));
        }
      }
      for (int i = 0; i < batches.size(); i++) {
        try {
          writes.acquire();
        } catch (InterruptedException e) {
          batches
              .subList(i, batches.size())
              .forEach(b -> b.forEach(p -> p.done().completeExceptionally(e)));
          return;
        }
        send(batches.get(i));
      }
    }
  }

  private void send(List<Pending> batch) {
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
          p.done().completeExceptionally(error);
        }
      }
    });
  }

  /**
   * Writes what waits (for up to {@code timeout}) and stops; rows still unwritten then complete
   * exceptionally.
   */
  public void close(Duration timeout) {
    closed = true;
    try {
      writer.join(timeout.toMillis());
      if (writes.tryAcquire(maxInFlight, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        writes.release(maxInFlight);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writer.interrupt();
    List<Pending> left = new ArrayList<>();
    pending.drainTo(left);
    left.forEach(p -> p.done().completeExceptionally(new IllegalStateException("writer closed")));
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }
}
