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
 * Group commit of small idempotent writes on a hot path: one writer thread takes whatever items
 * wait and turns those sharing a group (typically their partition), at most {@code maxBatch} at a
 * time, into one statement, with at most {@code maxInFlight} statements on the wire. A lone item is
 * written at once (no timer adds latency); under load, items arriving during a write share the next
 * one, so Cassandra sees one request for many items.
 *
 * <p>{@link #rows} sends each group as an unlogged batch of its rows; a writer built with a {@link
 * Combiner} of its own may instead pack a group into a single row.
 *
 * @param <T> what callers hand over: a row to write, or a value the combiner encodes
 */
public final class GroupCommitWriter<T> implements AutoCloseable {

  private static final int MAX_TAKEN = 2_000;

  /** Turns the items of one group, in the order they were written, into one statement. */
  @FunctionalInterface
  public interface Combiner<T> {
    Statement<?> combine(Object group, List<T> items);
  }

  private record Pending<T>(Object group, T item, CompletableFuture<Void> done) {}

  private final CqlSession session;
  private final Combiner<T> combiner;
  private final int maxBatch;
  private final int maxInFlight;
  private final Semaphore writes;
  private final LinkedBlockingQueue<Pending<T>> pending = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean closed;

  /**
   * A writer of rows: each group's waiting rows go out as one unlogged batch (a lone row as
   * itself).
   *
   * @param name of the writer thread
   * @param maxBatch most rows in one batch; rows of different partitions in one group should stay
   *     under Cassandra's warning for batches across partitions (10)
   */
  public static GroupCommitWriter<BatchableStatement<?>> rows(
      CqlSession session, String name, int maxBatch, int maxInFlight) {
    return new GroupCommitWriter<>(
        session,
        name,
        maxBatch,
        maxInFlight,
        (group, rows) ->
            rows.size() == 1 ? rows.get(0) : BatchStatement.newInstance(BatchType.UNLOGGED, rows));
  }

  /**
   * @param name of the writer thread
   * @param maxBatch most items combined into one statement
   * @param combiner builds the statement of a group's items, called once per statement; the
   *     statement must be safe to apply twice, since the driver may retry it
   */
  public GroupCommitWriter(
      CqlSession session, String name, int maxBatch, int maxInFlight, Combiner<T> combiner) {
    this.session = session;
    this.combiner = combiner;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.writes = new Semaphore(maxInFlight);
    this.writer = Thread.ofPlatform().daemon().name(name).start(this::writeLoop);
  }

  /**
   * Queues an item; items of the same {@code group} may share a statement. The stage completes once
   * the item is durable, or exceptionally if it could not be written (or the writer is closed).
   */
  public CompletionStage<Void> write(Object group, T item) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("writer closed"));
      return done;
    }
    pending.add(new Pending<>(group, item, done));
    return done;
  }

  private void writeLoop() {
    while (!closed || !pending.isEmpty()) {
      List<Pending<T>> taken = new ArrayList<>();
      try {
        Pending<T> first = pending.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        taken.add(first);
      } catch (InterruptedException e) {
        return;
      }
      pending.drainTo(taken, MAX_TAKEN);
      Map<Object, List<Pending<T>>> byGroup = new LinkedHashMap<>();
      for (Pending<T> p : taken) {
        byGroup.computeIfAbsent(p.group(), k -> new ArrayList<>()).add(p);
      }
      List<List<Pending<T>>> batches = new ArrayList<>();
      for (List<Pending<T>> items : byGroup.values()) {
        for (int from = 0; from < items.size(); from += maxBatch) {
          batches.add(items.subList(from, Math.min(items.size(), from + maxBatch)));
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

  private void send(List<Pending<T>> batch) {
    CompletionStage<?> written;
    try {
      Statement<?> statement =
          combiner.combine(batch.get(0).group(), batch.stream().map(Pending::item).toList());
      written = session.executeAsync(statement.setIdempotent(true));
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    written.whenComplete((ok, error) -> {
      writes.release();
      for (Pending<T> p : batch) {
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
    List<Pending<T>> left = new ArrayList<>();
    pending.drainTo(left);
    left.forEach(p -> p.done().completeExceptionally(new IllegalStateException("writer closed")));
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(2));
  }
}
