package dev.relais.dispatch.events;

import dev.relais.dispatch.smpp.Backoff;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Batches message events to analytics: a batch leaves every {@code flushInterval} or as soon as
 * {@code maxBatch} events wait, at most {@code maxInFlight} batches are on the wire, and a failed
 * batch is retried with backoff under the same batch id, so analytics counts it once.
 *
 * <p>An event may carry an acknowledgement callback: it runs only after analytics has stored the
 * batch. The dispatcher resolves a queue message in that callback, which is what makes "committed
 * cursor" imply "outcome recorded". Events without a callback (receipts, opt-outs) are dropped, and
 * counted, when too many wait; events with one are never dropped.
 */
public final class EventPublisher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(EventPublisher.class.getName());

  private record Pending(MessageEvent event, Runnable onAcknowledged) {}

  private final EventSink sink;
  private final int maxBatch;
  private final long flushIntervalNanos;
  private final int maxPendingWithoutCallback;
  private final Semaphore inFlight;
  private final Backoff backoff;
  private final Consumer<String> errors;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Condition settled = lock.newCondition();
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final ScheduledExecutorService retries;
  private final Thread flusher;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();

  /** Events accepted by {@link #publish} and not yet acknowledged; guarded by {@link #lock}. */
  private long unacknowledged;

  private boolean flushRequested;
  private volatile boolean closed;

  public EventPublisher(
      EventSink sink,
      int maxBatch,
      Duration flushInterval,
      int maxInFlight,
      int maxPendingWithoutCallback,
      Backoff backoff,
      Consumer<String> errors) {
    this.sink = sink;
    this.maxBatch = maxBatch;
    this.flushIntervalNanos = flushInterval.toNanos();
    this.maxPendingWithoutCallback = maxPendingWithoutCallback;
    this.inFlight = new Semaphore(maxInFlight);
    this.backoff = backoff;
    this.errors = errors;
    this.retries =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("events-retry").unstarted(r));
    this.flusher = Thread.ofPlatform().daemon().name("events-flush").start(this::flushLoop);
  }

  /** The service's defaults: 500 events or 200 ms, 4 batches in flight, backoff up to 10 s. */
  public static EventPublisher standard(EventSink sink, Consumer<String> errors) {
    return new EventPublisher(
        sink,
        500,
        Duration.ofMillis(200),
        4,
        200_000,
        Backoff.of(Duration.ofMillis(200), Duration.ofSeconds(10)),
        errors);
  }

  /**
   * Queues an event; {@code onAcknowledged} (may be null) runs once analytics stored it. Returns
   * false if the event was dropped (only events without callback, when too many wait).
   */
  public boolean publish(MessageEvent event, Runnable onAcknowledged) {
    lock.lock();
    try {
      if (onAcknowledged == null && pending.size() >= maxPendingWithoutCallback) {
        dropped.incrementAndGet();
        return false;
      }
      pending.add(new Pending(event, onAcknowledged));
      unacknowledged++;
      if (pending.size() >= maxBatch) {
        wake.signal();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Events waiting or on the wire. */
  public long unacknowledged() {
    lock.lock();
    try {
      return unacknowledged;
    } finally {
      lock.unlock();
    }
  }

  /** Events dropped because analytics could not keep up. */
  public long dropped() {
    return dropped.get();
  }

  /** Batch sends that failed (and were retried). */
  public long failedAttempts() {
    return failedAttempts.get();
  }

  /**
   * Sends everything queued now and waits until all of it is acknowledged; false on timeout (the
   * rest stays queued and keeps being retried).
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      flushRequested = true;
      wake.signal();
      while (unacknowledged > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        settled.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void flushLoop() {
    long lastFlush = System.nanoTime();
    while (true) {
      List<Pending> batch;
      lock.lock();
      try {
        long sinceFlush = System.nanoTime() - lastFlush;
        while (!closed
            && !flushRequested
            && pending.size() < maxBatch
            && sinceFlush < flushIntervalNanos) {
          wake.awaitNanos(flushIntervalNanos - sinceFlush);
          sinceFlush = System.nanoTime() - lastFlush;
        }
        if (closed && pending.isEmpty()) {
          return;
        }
        batch = new ArrayList<>(Math.min(maxBatch, pending.size()));
        while (batch.size() < maxBatch && !pending.isEmpty()) {
          batch.add(pending.poll());
        }
        if (pending.isEmpty()) {
          flushRequested = false;
          lastFlush = System.nanoTime();
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      if (batch.isEmpty()) {
        continue;
      }
      try {
        inFlight.acquire();
      } catch (InterruptedException e) {
        return;
      }
      RecordEventsRequest request =
          RecordEventsRequest.newBuilder()
              .setBatchId(UUID.randomUUID().toString())
              .addAllEvents(batch.stream().map(Pending::event).toList())
              .build();
      send(request, batch, 0);
    }
  }

  private void send(RecordEventsRequest request, List<Pending> batch, int attempt) {
    java.util.concurrent.CompletableFuture<Void> sent;
    try {
      sent = sink.record(request);
    } catch (RuntimeException e) {
      sent = java.util.concurrent.CompletableFuture.failedFuture(e);
    }
    sent.whenComplete((ok, error) -> {
      if (error == null) {
        acknowledged(batch);
        return;
      }
      failedAttempts.incrementAndGet();
      if (attempt == 0 || attempt % 10 == 0) {
        String message =
            "analytics RecordEvents failed (attempt " + (attempt + 1) + "): " + describe(error);
        errors.accept(message);
        LOG.warning(message);
      }
      if (retries.isShutdown()) {
        inFlight.release();
        return;
      }
      // Same request, same batch id: analytics deduplicates a batch it already stored.
      retries.schedule(
          () -> send(request, batch, attempt + 1),
          backoff.delay(attempt).toMillis(),
          TimeUnit.MILLISECONDS);
    });
  }

  /**
   * The gRPC status code and description of a failed call (what an operator needs to tell an
   * overloaded analytics from a refused batch), or the exception's type for anything else.
   */
  static String describe(Throwable error) {
    Throwable cause =
        error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause()
            : error;
    io.grpc.Status status = io.grpc.Status.fromThrowable(cause);
    if (status.getCode() == io.grpc.Status.Code.UNKNOWN && status.getDescription() == null) {
      return cause.getClass().getSimpleName();
    }
    return status.getCode()
        + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")");
  }

  private void acknowledged(List<Pending> batch) {
    inFlight.release();
    for (Pending p : batch) {
      if (p.onAcknowledged() != null) {
        try {
          p.onAcknowledged().run();
        } catch (RuntimeException e) {
          LOG.warning("event acknowledgement callback failed: " + e);
        }
      }
    }
    lock.lock();
    try {
      unacknowledged -= batch.size();
      if (unacknowledged == 0) {
        settled.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops batching once what is queued has been handed to the sink; unacknowledged batches are
   * abandoned (their messages stay unresolved and are read again by the next lease holder).
   */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      wake.signal();
    } finally {
      lock.unlock();
    }
    try {
      flusher.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    retries.shutdownNow();
  }
}
