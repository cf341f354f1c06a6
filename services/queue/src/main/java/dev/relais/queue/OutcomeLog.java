package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * Appends the SMSC's answer to each sent message (one immutable row in {@code outcomes}, same
 * partition as the message), so that a new lease holder of the shard does not resend a message
 * whose answer is known.
 *
 * <p>Group commit: one writer thread takes whatever answers are waiting and writes them as unlogged
 * batches grouped by partition. A lone answer is written at once (no timer adds latency); under
 * load, answers arriving during a write share the next one.
 */
public final class OutcomeLog implements AutoCloseable {

  static final String SUBMITTED = "SUBMITTED";
  static final String FAILED = "FAILED";

  private static final int MAX_BATCH = 50;
  private static final int MAX_WRITES_IN_FLIGHT = 8;

  private record Partition(String route, int shard, long bucket) {}

  private record Pending(Partition partition, BoundStatement row, CompletableFuture<Void> done) {}

  private final CqlSession session;
  private final PreparedStatement insertSubmitted;
  private final PreparedStatement insertFailed;
  private final LinkedBlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
  private final Semaphore writes = new Semaphore(MAX_WRITES_IN_FLIGHT);
  private final Thread writer;
  private volatile boolean closed;

  OutcomeLog(DispatchQueue queue) {
    this.session = queue.session();
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
    writer = Thread.ofPlatform().daemon().name("outcome-log").start(this::writeLoop);
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
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("outcome log closed"));
      return done;
    }
    pending.add(new Pending(new Partition(m.route(), m.shard(), m.position().bucket()), row, done));
    return done;
  }

  private void writeLoop() {
    while (!closed) {
      List<Pending> taken = new ArrayList<>();
      try {
        taken.add(pending.take());
      } catch (InterruptedException e) {
        return;
      }
      pending.drainTo(taken, 2_000);
      Map<Partition, List<Pending>> byPartition = new LinkedHashMap<>();
      for (Pending p : taken) {
        byPartition.computeIfAbsent(p.partition(), k -> new ArrayList<>()).add(p);
      }
      for (List<Pending> rows : byPartition.values()) {
        for (int from = 0; from < rows.size(); from += MAX_BATCH) {
          List<Pending> chunk = rows.subList(from, Math.min(rows.size(), from + MAX_BATCH));
          try {
            writes.acquire();
          } catch (InterruptedException e) {
            chunk.forEach(p -> p.done().completeExceptionally(e));
            return;
          }
          write(chunk);
        }
      }
    }
  }

  private void write(List<Pending> chunk) {
    List<BatchableStatement<?>> rows = new ArrayList<>(chunk.size());
    chunk.forEach(p -> rows.add(p.row()));
    Statement<?> statement =
        rows.size() == 1 ? rows.get(0) : BatchStatement.newInstance(BatchType.UNLOGGED, rows);
    CompletionStage<?> written;
    try {
      written = session.executeAsync(statement.setIdempotent(true));
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    written.whenComplete((ok, error) -> {
      writes.release();
      for (Pending p : chunk) {
        if (error == null) {
          p.done().complete(null);
        } else {
          p.done().completeExceptionally(error);
        }
      }
    });
  }

  /** Stops writing; answers not written yet stay unknown (their messages count as in doubt). */
  @Override
  public void close() {
    closed = true;
    writer.interrupt();
    List<Pending> left = new ArrayList<>();
    pending.drainTo(left);
    left.forEach(p -> p.done().completeExceptionally(new IllegalStateException("closed")));
  }
}
