package dev.relais.dispatch.receipt;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.MessageTracing;
import dev.relais.dispatch.events.EventPublisher;
import dev.relais.dispatch.events.MessageEvents;
import dev.relais.dispatch.receipt.DeliveryReceiptMatcher.Outcome;
import dev.relais.dispatch.receipt.DeliveryReceiptMatcher.Receipt;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Correlates delivery receipts with the messages they report on and publishes DELIVERED or
 * UNDELIVERED events.
 *
 * <p>A receipt may overtake its own submit_sm_resp (the SMSC answers on another thread, or the
 * response is slow): a receipt whose id is not known yet is parked and looked up again after each
 * of {@code parkDelays}. Still unknown after that, it is an orphan, counted (never logged with its
 * id, which could be joined with personal data elsewhere).
 */
public final class ReceiptCorrelator {

  private static final Logger LOG = Logger.getLogger(ReceiptCorrelator.class.getName());

  private final CorrelationLookup lookup;
  private final EventPublisher publisher;
  private final MessageEvents events;
  private final MultipartReceipts multipart;
  private final ScheduledExecutorService scheduler;
  private final List<Duration> parkDelays;
  private final int maxParked;
  private final DispatchStats stats;
  private final MessageTracing tracing;
  private final AtomicInteger parked = new AtomicInteger();

  public ReceiptCorrelator(
      CorrelationLookup lookup,
      EventPublisher publisher,
      MessageEvents events,
      ScheduledExecutorService scheduler,
      List<Duration> parkDelays,
      int maxParked,
      DispatchStats stats) {
    this(lookup, publisher, events, scheduler, parkDelays, maxParked, stats, MessageTracing.NONE);
  }

  /** A correlator that also records the receipts of traced messages in their traces. */
  public ReceiptCorrelator(
      CorrelationLookup lookup,
      EventPublisher publisher,
      MessageEvents events,
      ScheduledExecutorService scheduler,
      List<Duration> parkDelays,
      int maxParked,
      DispatchStats stats,
      MessageTracing tracing) {
    this.tracing = tracing;
    this.lookup = lookup;
    this.publisher = publisher;
    this.events = events;
    this.multipart = new MultipartReceipts(100_000);
    this.scheduler = scheduler;
    this.parkDelays = List.copyOf(parkDelays);
    this.maxParked = maxParked;
    this.stats = stats;
  }

  /** Handles one parsed receipt; never blocks (lookups are asynchronous). */
  public void onReceipt(Receipt receipt) {
    if (!receipt.isFinal()) {
      return; // intermediate notification: the final receipt will follow
    }
    attempt(receipt, 0);
  }

  /** Receipts waiting for their submit_sm_resp right now. */
  public int parked() {
    return parked.get();
  }

  private void attempt(Receipt receipt, int attempt) {
    lookup
        .find(receipt.lookupKeys())
        .whenComplete((found, error) -> {
          if (error == null && found.isPresent()) {
            correlated(found.get(), receipt);
          } else {
            missed(receipt, attempt);
          }
        });
  }

  private void missed(Receipt receipt, int attempt) {
    if (attempt < parkDelays.size() && parked.incrementAndGet() <= maxParked) {
      try {
        scheduler.schedule(
            () -> {
              parked.decrementAndGet();
              attempt(receipt, attempt + 1);
            },
            parkDelays.get(attempt).toMillis(),
            TimeUnit.MILLISECONDS);
        return;
      } catch (RuntimeException rejected) {
        parked.decrementAndGet(); // shutting down
      }
    } else if (attempt < parkDelays.size()) {
      parked.decrementAndGet();
    }
    stats.orphanReceipt();
    LOG.fine("delivery receipt for an unknown SMSC id recorded as orphan");
  }

  private void correlated(CorrelationLookup.Match match, Receipt receipt) {
    SentMessage sent = match.sent();
    Optional<MultipartReceipts.Combined> combined = multipart.record(sent, receipt);
    if (combined.isEmpty()) {
      return;
    }
    boolean delivered = combined.get().outcome() == Outcome.DELIVERED;
    // The whole message's state: a concatenated message's last receipt may be a delivered part.
    tracing.receipt(sent, combined.get().state(), combined.get().errorCode());
    stats.receipt(
        delivered, combined.get().state(), combined.get().errorCode(), sent.sentAtNanos());
    MessageEvent event =
        MessageEvents.traced(
            events.event(
                delivered ? EventType.EVENT_TYPE_DELIVERED : EventType.EVENT_TYPE_UNDELIVERED,
                sent.messageId(),
                sent.campaignId(),
                sent.variant(),
                sent.parts(),
                receipt.smscId(),
                combined.get().errorCode()),
            sent.trace());
    // Only a one-part message is known to be reported first: the parts of a longer one may have
    // reached other replicas.
    publisher.publish(
        match.firstReceipt() && sent.parts() == 1 ? MessageEvents.firstReport(event) : event, null);
  }
}
