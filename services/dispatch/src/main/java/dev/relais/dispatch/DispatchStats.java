package dev.relais.dispatch;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one dispatcher, shared by its parts and read by {@code GetRouteStats}, the readiness
 * check and tests. Counts only: never a phone number or a text.
 */
public final class DispatchStats {

  final LongAdder submitted = new LongAdder();
  final LongAdder submittedParts = new LongAdder();
  final LongAdder submitFailed = new LongAdder();
  final LongAdder expired = new LongAdder();
  final LongAdder inDoubt = new LongAdder();
  final LongAdder throttled = new LongAdder();
  final LongAdder delivered = new LongAdder();
  final LongAdder undelivered = new LongAdder();
  final LongAdder orphanReceipts = new LongAdder();
  final LongAdder receiptsRefused = new LongAdder();
  final LongAdder submittedWithoutSmscId = new LongAdder();
  final LongAdder malformedPdus = new LongAdder();
  final LongAdder inbound = new LongAdder();
  final LongAdder optOuts = new LongAdder();
  final LongAdder suppressed = new LongAdder();
  final LongAdder moved = new LongAdder();
  private final AtomicReference<String> failover = new AtomicReference<>("NONE");
  final AtomicLong inFlight = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>("");
  private final Clock clock;
  private final DrainRate drainRate;
  private final DispatchMetrics metrics;

  public DispatchStats(Clock clock) {
    this(clock, DispatchMetrics.none());
  }

  /** Counters that also record the message path's instruments in {@code metrics}. */
  public DispatchStats(Clock clock, DispatchMetrics metrics) {
    this.clock = clock;
    this.drainRate = new DrainRate(clock.millis());
    this.metrics = metrics;
  }

  /** A snapshot of every counter. */
  public record Snapshot(
      long submitted,
      long submittedParts,
      long submitFailed,
      long expired,
      long inDoubt,
      long throttled,
      long delivered,
      long undelivered,
      long orphanReceipts,
      long malformedPdus,
      long inbound,
      long optOuts,
      long suppressed,
      long inFlight,
      double drainRate,
      String lastError,
      long moved,
      String failover,
      long receiptsRefused,
      long submittedWithoutSmscId) {}

  public void submitted(int parts) {
    submitted.increment();
    submittedParts.add(parts);
    drainRate.record(1, clock.millis());
  }

  public void submitFailed() {
    submitFailed.increment();
  }

  public void expired() {
    expired.increment();
  }

  public void inDoubt() {
    inDoubt.increment();
  }

  public void throttled() {
    throttled.increment();
  }

  public void receipt(boolean wasDelivered) {
    (wasDelivered ? delivered : undelivered).increment();
  }

  /** A submit_sm answered (or refused) with {@code commandStatus}, {@code nanos} after it left. */
  public void submitResponse(int commandStatus, long nanos) {
    metrics.submitResponse(commandStatus, nanos);
  }

  /**
   * A message's final receipt: its state word, error code, and the {@link System#nanoTime()} of its
   * submit_sm_resp here (0 when unknown).
   */
  public void receipt(boolean wasDelivered, String state, int errorCode, long sentAtNanos) {
    receipt(wasDelivered);
    metrics.receipt(state, errorCode, sentAtNanos);
  }

  public void orphanReceipt() {
    orphanReceipts.increment();
  }

  /** A deliver_sm refused because a session's receive queue was full (see smpp.receivequeue). */
  public void receiptRefused() {
    receiptsRefused.increment();
  }

  /** A message the SMSC accepted with an empty message_id: its receipt cannot be matched. */
  public void submittedWithoutSmscId() {
    submittedWithoutSmscId.increment();
  }

  public void malformedPdu() {
    malformedPdus.increment();
  }

  public void inbound() {
    inbound.increment();
  }

  /** A marketing message not sent because its number opted out after it was queued. */
  public void suppressed() {
    suppressed.increment();
  }

  /** A message moved to the failover route's queue (and resolved on this route). */
  public void moved() {
    moved.increment();
  }

  /** The route's failover state (see {@code FailoverState}), for operators reading route stats. */
  public void failover(String state) {
    failover.set(state);
  }

  public void optOut() {
    optOuts.increment();
  }

  public void submitStarted() {
    inFlight.incrementAndGet();
  }

  public void submitEnded() {
    inFlight.decrementAndGet();
  }

  /** Remembers the latest problem, for operators reading route stats (no personal data). */
  public void error(String message) {
    lastError.set(message == null ? "" : message);
  }

  /** Forgets {@code message} once its problem is over, unless a newer problem replaced it. */
  public void errorResolved(String message) {
    lastError.updateAndGet(current -> current.equals(message) ? "" : current);
  }

  public Snapshot snapshot() {
    return new Snapshot(
        submitted.sum(),
        submittedParts.sum(),
        submitFailed.sum(),
        expired.sum(),
        inDoubt.sum(),
        throttled.sum(),
        delivered.sum(),
        undelivered.sum(),
        orphanReceipts.sum(),
        malformedPdus.sum(),
        inbound.sum(),
        optOuts.sum(),
        suppressed.sum(),
        inFlight.get(),
        drainRate.perSecond(clock.millis()),
        lastError.get(),
        moved.sum(),
        failover.get(),
        receiptsRefused.sum(),
        submittedWithoutSmscId.sum());
  }
}
