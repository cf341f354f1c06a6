package dev.relais.dispatch.pump;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.MessageTracing;
import dev.relais.dispatch.submit.MessageSubmitter;
import dev.relais.queue.CommitTracker;
import dev.relais.queue.PriorAttempt;
import dev.relais.queue.QueuePosition;
import dev.relais.queue.QueuedMessage;
import dev.relais.queue.ShardReader;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drains one leased shard: polls due messages, hands them to the submitter in shard order, and
 * commits the cursor on its own timer (every {@code commitInterval}) up to the prefix of messages
 * whose outcome analytics acknowledged ({@link CommitTracker}). Whatever was read and not committed
 * is read again by the next holder of the lease after a crash: delivery is at least once, never
 * lost.
 *
 * <p>Before a message is handed to SMPP, the shard's send mark is persisted a few messages ahead
 * (see {@link #MAX_MARK_AHEAD}); with the SMSC answers in the outcome log, it lets the next holder
 * resend only the messages that are truly in doubt and count them (see {@code ShardReader}).
 *
 * <p>While the route's {@link RouteFailover} says so (no SMPP session bound for long enough), each
 * message that would be sent is instead written into the failover route's queue, and only then
 * resolved here; a message whose move was started is never sent here, so that it can go out at most
 * once per route.
 *
 * <p>One span per polled batch (count as attribute), not per message: per-message spans would cost
 * more than the submit itself at thousands per second.
 */
public final class ShardPump {

  private static final Logger LOG = Logger.getLogger(ShardPump.class.getName());
  private static final AttributeKey<Long> SHARD = AttributeKey.longKey("relais.shard");
  private static final AttributeKey<Long> COUNT = AttributeKey.longKey("relais.messages");
  private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("relais.route");
  private static final Duration DISPATCH_SLICE = Duration.ofMillis(100);

  /**
   * Most messages a send mark covers ahead of the message being handed over. The lead adapts to the
   * shard's rate: it doubles while marks are started less than {@link #MARK_QUICK} apart and halves
   * when they are more than {@link #MARK_SLOW} apart, so a shard writes a mark every 40 to 80 ms of
   * sending. A slow shard (under about 25 messages/s) marks message by message, so a new holder
   * counts almost nothing unsent as in doubt; a fast one writes one mark per lead (up to {@value
   * #MAX_MARK_AHEAD} messages), in the background once half the lead is used, and up to one and a
   * half leads of unsent messages per shard may then be counted in doubt.
   */
  static final int MAX_MARK_AHEAD = 32;

  private static final long MARK_QUICK = Duration.ofMillis(40).toNanos();
  private static final long MARK_SLOW = Duration.ofMillis(80).toNanos();

  /**
   * Tuning of a pump.
   *
   * @param batchSize most messages read from the shard at once
   * @param idleSleep wait before reading again after a read that found fewer messages than asked,
   *     or while too many messages are unresolved
   * @param maxIdleSleep longest wait between reads of a shard with nothing due ({@link
   *     IdleBackoff})
   * @param commitInterval how often the cursor is committed
   * @param maxUnresolved most messages read and not yet acknowledged by analytics
   */
  public record Settings(
      int batchSize,
      Duration idleSleep,
      Duration maxIdleSleep,
      Duration commitInterval,
      int maxUnresolved) {}

  private final String route;
  private final ShardReader reader;
  private final CommitTracker tracker = new CommitTracker();
  private final MessageSubmitter submitter;
  private final RouteFailover failover;
  private final Tracer tracer;
  private final DispatchStats stats;
  private final Settings settings;
  private final AtomicReference<CommitTracker.Advance> uncommitted = new AtomicReference<>();
  private volatile boolean running;
  private volatile boolean abandoned;
  private Thread thread;
  private Thread committer;
  private volatile boolean finished;
  private int markAhead = 1;
  private CompletableFuture<Void> markInFlight;
  private long lastMarkNanos = System.nanoTime() - MARK_SLOW;
  private volatile CompletableFuture<Void> commitInFlight = CompletableFuture.completedFuture(null);
  private volatile long lastCommitNanos = System.nanoTime();

  /** Due time (epoch ms) of the first message of the last read, 0 when it found none. */
  private volatile long oldestDueMillis;

  public ShardPump(
      String route,
      ShardReader reader,
      MessageSubmitter submitter,
      RouteFailover failover,
      Tracer tracer,
      DispatchStats stats,
      Settings settings) {
    this.route = route;
    this.reader = reader;
    this.submitter = submitter;
    this.failover = failover;
    this.tracer = tracer;
    this.stats = stats;
    this.settings = settings;
  }

  public int shard() {
    return reader.shard();
  }

  /** Starts the pump's loop on its own thread. */
  public synchronized void start() {
    running = true;
    thread = Thread.ofPlatform().daemon().name("pump-" + route + "-" + shard()).start(this::loop);
    committer = Thread.ofVirtual().name("commit-" + route + "-" + shard()).start(this::commitLoop);
  }

  /**
   * Commits on a timer, independent of the pump's loop (which may wait for room, for a session or
   * for its TPS turn): the committed cursor trails the acknowledged prefix by about one interval.
   */
  private void commitLoop() {
    while (!abandoned && !finished) {
      try {
        sleep(settings.commitInterval());
      } catch (InterruptedException e) {
        return;
      }
      commitIfDue(false);
    }
  }

  /** Stops the commit timer once the last commit was made (graceful stop or hand-over). */
  public void finish() {
    finished = true;
    Thread t = committer;
    if (t != null) {
      t.interrupt();
    }
  }

  private void loop() {
    IdleBackoff backoff = new IdleBackoff(settings.idleSleep(), settings.maxIdleSleep());
    while (running) {
      try {
        if (tracker.unresolved() >= settings.maxUnresolved()) {
          sleep(settings.idleSleep()); // analytics or the SMSC is slow: let outcomes catch up
          continue;
        }
        List<QueuedMessage> batch = reader.poll(settings.batchSize());
        oldestDueMillis = batch.isEmpty() ? 0 : dueMillis(batch.get(0));
        if (batch.isEmpty()) {
          sleep(backoff.afterEmptyRead());
          continue;
        }
        submit(batch);
        if (batch.size() < settings.batchSize()) {
          // Caught up with what is due: let the next messages gather instead of reading the
          // shard again at once (each poll is a Cassandra read, whatever it returns).
          sleep(backoff.afterPartialRead());
        } else {
          backoff.found();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // Cassandra hiccup: the reader keeps its position, so the poll is simply tried again.
        stats.error("shard " + shard() + ": " + e.getClass().getSimpleName());
        LOG.log(Level.WARNING, "shard " + shard() + " poll failed; retrying", e);
        try {
          sleep(Duration.ofSeconds(1));
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }

  private static long dueMillis(QueuedMessage m) {
    return m.notBefore() == null ? 0 : Math.max(1, m.notBefore().toEpochMilli());
  }

  /**
   * Age at {@code nowMillis} of the oldest due message the last read of this shard found (reads go
   * in due order), 0 when that read found none: a shard falling behind shows a growing age.
   */
  public long oldestDueAgeMillis(long nowMillis) {
    long due = oldestDueMillis;
    return due == 0 ? 0 : Math.max(0, nowMillis - due);
  }

  private void submit(List<QueuedMessage> batch) throws InterruptedException {
    // A batch is not part of any message's trace: it links to the traced ones it carries.
    Span span =
        MessageTracing.linkTraced(
                tracer
                    .spanBuilder("dispatch shard batch")
                    .setNoParent()
                    .setAttribute(ROUTE, route)
                    .setAttribute(SHARD, (long) shard())
                    .setAttribute(COUNT, (long) batch.size()),
                batch)
            .startSpan();
    Scope scope = span.makeCurrent();
    try {
      for (QueuedMessage m : batch) {
        tracker.read(m.position());
      }
      for (int i = 0; i < batch.size(); i++) {
        QueuedMessage m = batch.get(i);
        QueuePosition position = m.position();
        if (!m.prior().answered() && !markSending(batch, i)) {
          return; // stopped before it could be marked: the rest stays unresolved
        }
        while (true) {
          if (failover.shouldMove(m)) {
            if (!move(m)) {
              return; // stopped mid-move: unresolved, the next holder finds or redoes the move
            }
            break;
          }
          if (submitter.dispatch(
              m, () -> tracker.resolve(position), () -> !abandoned, DISPATCH_SLICE)) {
            break;
          }
          if (!running) {
            return; // the rest stays unresolved
          }
        }
        if (!running) {
          return;
        }
      }
    } finally {
      scope.close();
      span.end();
    }
  }

  /**
   * Writes a message into the failover route's queue, retrying at the same move time while
   * Cassandra fails (a retry rewrites the same row), then resolves it here. False if the pump
   * stopped first.
   */
  private boolean move(QueuedMessage m) throws InterruptedException {
    Instant movedAt = failover.now();
    while (running) {
      try {
        boolean written = failover.move(m, movedAt).toCompletableFuture().get();
        tracker.resolve(m.position());
        failover.moved(written && m.prior().kind() == PriorAttempt.Kind.IN_DOUBT);
        return true;
      } catch (ExecutionException | RuntimeException e) {
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        stats.error(
            "shard " + shard() + " move to failover failed: " + cause.getClass().getSimpleName());
        LOG.log(
            Level.WARNING,
            "shard " + shard() + ": move to failover route " + failover.target() + " failed",
            cause);
        sleep(Duration.ofMillis(500));
      }
    }
    return false;
  }

  /**
   * Makes sure the send mark covers message {@code index} of the batch before it may be sent, and
   * writes the next mark ahead in the background once half of the lead is used, so that a fast
   * shard rarely waits for it (see {@link #MAX_MARK_AHEAD}). Retried while Cassandra fails: an
   * unmarked message must not go out. False if the pump stopped meanwhile.
   */
  private boolean markSending(List<QueuedMessage> batch, int index) throws InterruptedException {
    while (!reader.marked(batch.get(index).position())) {
      if (!running) {
        return false;
      }
      if (markInFlight == null) {
        markInFlight = writeMark(batch, index);
      }
      try {
        markInFlight.get();
      } catch (ExecutionException e) {
        stats.error(
            "shard " + shard() + " send mark failed: " + e.getCause().getClass().getSimpleName());
        LOG.log(
            Level.WARNING, "shard " + shard() + ": send mark not written; retrying", e.getCause());
        sleep(Duration.ofMillis(500));
      } finally {
        markInFlight = null;
      }
    }
    if (markInFlight != null && markInFlight.isDone()) {
      markInFlight = null; // a failed prefetch is simply redone when it is needed
    }
    int halfway = Math.min(batch.size() - 1, index + markAhead / 2);
    if (markInFlight == null && markAhead > 1 && !reader.marked(batch.get(halfway).position())) {
      int firstUnmarked = index + 1;
      while (reader.marked(batch.get(firstUnmarked).position())) {
        firstUnmarked++;
      }
      markInFlight = writeMark(batch, firstUnmarked); // extends the mark by a whole lead
    }
    return true;
  }

  /**
   * Starts writing a mark covering {@link #markAhead} messages from {@code from} (the first message
   * the current mark does not cover), adapting the lead.
   */
  private CompletableFuture<Void> writeMark(List<QueuedMessage> batch, int from) {
    long since = System.nanoTime() - lastMarkNanos;
    if (since < MARK_QUICK) {
      markAhead = Math.min(MAX_MARK_AHEAD, markAhead * 2);
    } else if (since > MARK_SLOW) {
      markAhead = Math.max(1, markAhead / 2);
    }
    lastMarkNanos = System.nanoTime();
    QueuePosition upTo = batch.get(Math.min(batch.size(), from + markAhead) - 1).position();
    try {
      return reader.markSendingAsync(upTo).toCompletableFuture();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Commits the resolved prefix if the interval elapsed (or {@code now}), one commit at a time so
   * that cursor writes never overtake each other; a failed commit is folded into the next one.
   */
  private synchronized void commitIfDue(boolean now) {
    if (abandoned) {
      return;
    }
    long since = System.nanoTime() - lastCommitNanos;
    if (!now && since < settings.commitInterval().toNanos()) {
      return;
    }
    if (!commitInFlight.isDone()) {
      return;
    }
    lastCommitNanos = System.nanoTime();
    CommitTracker.Advance carried = uncommitted.getAndSet(null);
    CommitTracker.Advance advance =
        tracker.advance(reader.swept()).map(a -> a.after(carried)).orElse(carried);
    if (advance == null) {
      return;
    }
    commitInFlight =
        reader
            .commit(advance.position(), advance.count())
            .toCompletableFuture()
            .whenComplete((ok, error) -> {
              if (error != null) {
                uncommitted.accumulateAndGet(
                    advance, (later, failed) -> later == null ? failed : later.after(failed));
                stats.error(
                    "shard " + shard() + " commit failed: " + error.getClass().getSimpleName());
              }
            });
  }

  /**
   * Stops reading and waits up to {@code timeout} for the loop to end (a poll in progress finishes
   * first); messages already handed to the submitter go on.
   */
  public void stopReading(Duration timeout) throws InterruptedException {
    Thread t;
    synchronized (this) {
      running = false;
      t = thread;
    }
    if (t != null) {
      t.join(Math.max(1, timeout.toMillis()));
    }
  }

  /**
   * Commits everything resolved so far and waits for the write (graceful stop, after the submitter
   * went idle and events were flushed). Returns false if it could not be written in time.
   */
  public boolean commitNow(Duration timeout) {
    try {
      commitInFlight.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // the failed commit was folded into uncommitted
    }
    catchUpSweep();
    commitIfDue(true);
    try {
      commitInFlight.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return uncommitted.get() == null;
    } catch (Exception e) {
      return false;
    }
  }

  /**
   * Once the loop has ended, sweeps up to where it read, so that the cursor can be committed that
   * far (see {@link ShardReader#swept()}); while it still runs, the reader is its alone.
   */
  private void catchUpSweep() {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (running || (t != null && t.isAlive()) || tracker.unresolved() > 0) {
      return;
    }
    try {
      if (!reader.catchUp()) {
        LOG.info(() ->
            "shard "
                + shard()
                + ": rows landed late behind the reader; the next holder reads them");
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "shard " + shard() + ": last sweep failed; the cursor stays", e);
    }
  }

  /**
   * The lease is gone: stop without committing anything more (another dispatcher may own the cursor
   * now) and forget what was read; in-flight outcomes still reach analytics but no longer move the
   * cursor.
   */
  public void abandon() throws InterruptedException {
    abandoned = true;
    finish();
    // Short wait: this runs on the lease thread, which must go on renewing the other shards.
    stopReading(Duration.ofSeconds(2));
    tracker.clear();
    reader.rewind();
  }

  /** Messages read and not yet resolved. */
  public int unresolved() {
    return tracker.unresolved();
  }

  private static void sleep(Duration d) throws InterruptedException {
    Thread.sleep(d);
  }
}
