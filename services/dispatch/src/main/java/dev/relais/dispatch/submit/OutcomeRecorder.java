package dev.relais.dispatch.submit;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.events.EventPublisher;
import dev.relais.dispatch.events.MessageEvents;
import dev.relais.dispatch.inbound.RecentRecipients;
import dev.relais.dispatch.receipt.CorrelationStore;
import dev.relais.dispatch.receipt.SentMessage;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.queue.QueuedMessage;
import java.util.List;

/**
 * Records the outcome of each queued message: the SUBMITTED / SUBMIT_FAILED / EXPIRED event (whose
 * acknowledgement resolves the message in its shard), the SMSC id correlation, and the recipient's
 * last campaign for opt-out attribution.
 */
public final class OutcomeRecorder {

  private final EventPublisher publisher;
  private final MessageEvents events;
  private final CorrelationStore correlations;
  private final RecentRecipients recipients;
  private final DispatchStats stats;

  public OutcomeRecorder(
      EventPublisher publisher,
      MessageEvents events,
      CorrelationStore correlations,
      RecentRecipients recipients,
      DispatchStats stats) {
    this.publisher = publisher;
    this.events = events;
    this.correlations = correlations;
    this.recipients = recipients;
    this.stats = stats;
  }

  /** Every part was accepted; {@code smscIds} holds one id per part. */
  public void submitted(QueuedMessage m, List<String> smscIds, Runnable resolve) {
    int parts = smscIds.size();
    for (int i = 0; i < parts; i++) {
      correlations.remember(
          smscIds.get(i),
          new SentMessage(m.messageId(), m.campaignId(), m.variant(), i + 1, parts));
    }
    recipients.sent(
        m.destination(),
        new RecentRecipients.LastMessage(m.messageId(), m.campaignId(), m.variant()));
    stats.submitted(parts);
    publisher.publish(
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

  /** The SMSC refused the message (or it could not be sent at all). */
  public void failed(QueuedMessage m, int parts, int errorCode, Runnable resolve) {
    stats.submitFailed();
    publisher.publish(
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
    publisher.publish(
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

  /** The message's validity ended before it was sent: it never will be. */
  public void expired(QueuedMessage m, Runnable resolve) {
    stats.expired();
    publisher.publish(
        events.event(
            EventType.EVENT_TYPE_EXPIRED,
            m.messageId(),
            m.campaignId(),
            m.variant(),
            m.parts(),
            "",
            0),
        resolve);
  }
}
