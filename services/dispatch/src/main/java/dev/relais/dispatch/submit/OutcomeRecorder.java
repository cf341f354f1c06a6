package dev.relais.dispatch.submit;

import dev.relais.dispatch.BoundedMap;
import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.events.EventPublisher;
import dev.relais.dispatch.events.MessageEvents;
import dev.relais.dispatch.inbound.RecentRecipients;
import dev.relais.dispatch.receipt.CorrelationStore;
import dev.relais.dispatch.receipt.SentMessage;
import dev.relais.dispatch.receipt.SmscMessageIds;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.queue.OutcomeLog;
import dev.relais.queue.PriorAttempt;
import dev.relais.queue.QueuedMessage;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Records the outcome of each queued message: the SUBMITTED / SUBMIT_FAILED / EXPIRED event (whose
 * acknowledgement resolves the message in its shard), the SMSC's answer in the queue's outcome log
 * (so that a new lease holder does not resend it), the SMSC id correlation, and the recipient's
 * last campaign for opt-out attribution.
 *
 * <p>Cassandra writes per sent message added by the outcome log: one small row, group-committed in
 * unlogged batches per queue partition.
 */
public final class OutcomeRecorder {

  /**
   * Expired messages remembered so as not to report them twice; beyond it, one read again is
   * reported again (analytics counts each message's outcome once).
   */
  private static final int MAX_EXPIRIES_REMEMBERED = 100_000;

  private final EventPublisher publisher;
  private final MessageEvents events;
  private final CorrelationStore correlations;
  private final RecentRecipients recipients;
  private final DispatchStats stats;
  private final OutcomeLog log;
  private final MissingSmscIds missingIds;

  /** Messages expired here, by id: acknowledged once analytics has their EXPIRED event. */
  private final BoundedMap<UUID, CompletableFuture<Void>> expiries =
      new BoundedMap<>(MAX_EXPIRIES_REMEMBERED);

  public OutcomeRecorder(
      EventPublisher publisher,
      MessageEvents events,
      CorrelationStore correlations,
      RecentRecipients recipients,
      DispatchStats stats,
      OutcomeLog log) {
    this.log = log;
    this.missingIds = new MissingSmscIds(stats, System::nanoTime);
    this.publisher = publisher;
    this.events = events;
    this.correlations = correlations;
    this.recipients = recipients;
    this.stats = stats;
  }

  /**
   * Every part was accepted; {@code smscIds} holds one id per part. A blank id is never remembered:
   * all blank ids would share one correlation key and could match another message's receipt.
   */
  public void submitted(QueuedMessage m, List<String> smscIds, Runnable resolve) {
    int parts = smscIds.size();
    long sentAtNanos = System.nanoTime();
    boolean idMissing = false;
    for (int i = 0; i < parts; i++) {
      String smscId = smscIds.get(i);
      if (SmscMessageIds.canonical(smscId).isEmpty()) {
        idMissing = true;
        continue;
      }
      correlations.remember(
          smscId,
          new SentMessage(
              m.messageId(), m.campaignId(), m.variant(), i + 1, parts, sentAtNanos, m.trace()));
    }
    if (idMissing) {
      missingIds.accepted(m.messageId());
      deliveryUnknown(m, parts, smscIds.get(0));
    }
    recipients.sent(
        m.destination(),
        new RecentRecipients.LastMessage(m.messageId(), m.campaignId(), m.variant()));
    stats.submitted(parts);
    log.submitted(m, smscIds.get(0), parts);
    publish(
        m,
        events.event(
            EventType.EVENT_TYPE_SUBMITTED,
            m.messageId(),
            m.campaignId(),
            m.variant(),
            parts,
            smscIds.get(0),
            0),
        resolve);
  }

  /**
   * No receipt can ever name a message (part) accepted without an SMSC id: analytics shows it as
   * delivery unknown. Carries a callback so that it is never dropped, though the message resolves
   * with its SUBMITTED event.
   */
  private void deliveryUnknown(QueuedMessage m, int parts, String smscId) {
    publish(
        m,
        events.event(
            EventType.EVENT_TYPE_DELIVERY_UNKNOWN,
            m.messageId(),
            m.campaignId(),
            m.variant(),
            parts,
            smscId,
            0),
        () -> {});
  }

  /** The SMSC refused the message (or it could not be sent at all). */
  public void failed(QueuedMessage m, int parts, int errorCode, Runnable resolve) {
    stats.submitFailed();
    if (errorCode > 0) {
      log.failed(m, parts, errorCode); // the SMSC's refusal; ours (negative codes) are redone
    }
    publish(
        m,
        events.event(
            EventType.EVENT_TYPE_SUBMIT_FAILED,
            m.messageId(),
            m.campaignId(),
            m.variant(),
            parts,
            "",
            errorCode),
        resolve);
  }

  /**
   * A marketing message whose number opted out after it was queued: never sent, resolved as EXPIRED
   * with error code {@link SubmitStatus#OPTED_OUT}.
   */
  public void suppressed(QueuedMessage m, Runnable resolve) {
    stats.suppressed();
    publish(
        m,
        events.event(
            EventType.EVENT_TYPE_EXPIRED,
            m.messageId(),
            m.campaignId(),
            m.variant(),
            m.parts(),
            "",
            SubmitStatus.OPTED_OUT),
        resolve);
  }

  /**
   * A message an earlier lease holder of its shard got the SMSC's answer for: not sent again, its
   * outcome event is published again (analytics counts it once) to resolve it here.
   */
  public void answeredBefore(QueuedMessage m, Runnable resolve) {
    PriorAttempt prior = m.prior();
    boolean accepted = prior.kind() == PriorAttempt.Kind.SUBMITTED;
    if (accepted && SmscMessageIds.canonical(prior.smscId()).isEmpty()) {
      deliveryUnknown(m, prior.parts(), prior.smscId()); // its first report may have been lost
    }
    publish(
        m,
        events.event(
            accepted ? EventType.EVENT_TYPE_SUBMITTED : EventType.EVENT_TYPE_SUBMIT_FAILED,
            m.messageId(),
            m.campaignId(),
            m.variant(),
            prior.parts(),
            prior.smscId(),
            accepted ? 0 : prior.errorCode()),
        resolve);
  }

  /**
   * A message is sent again while an earlier submit_sm of it may have reached the SMSC unanswered:
   * the recipient may get it twice, which analytics shows per campaign.
   */
  public void inDoubt(QueuedMessage m) {
    publish(
        m,
        events.event(
            EventType.EVENT_TYPE_IN_DOUBT,
            m.messageId(),
            m.campaignId(),
            m.variant(),
            m.parts(),
            "",
            0),
        null);
  }

  /**
   * The message's validity ended before it was sent: it never will be. A message this dispatcher
   * expired already (read again because the cursor could not pass a valid message ahead of it) is
   * resolved once that first EXPIRED is acknowledged, neither counted nor reported again.
   */
  public void expired(QueuedMessage m, Runnable resolve) {
    CompletableFuture<Void> earlier = expiries.get(m.messageId());
    if (earlier != null) {
      earlier.thenRun(resolve);
      return;
    }
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    expiries.put(m.messageId(), acknowledged);
    stats.expired();
    publish(
        m,
        events.event(
            EventType.EVENT_TYPE_EXPIRED,
            m.messageId(),
            m.campaignId(),
            m.variant(),
            m.parts(),
            "",
            0),
        () -> {
          acknowledged.complete(null);
          resolve.run();
        });
  }

  /** Publishes an event of {@code m}, in its trace when it is traced. */
  private void publish(QueuedMessage m, MessageEvent event, Runnable resolve) {
    publisher.publish(MessageEvents.traced(event, m.trace()), resolve);
  }
}
