package dev.relais.queue;

import java.time.Instant;
import java.util.UUID;

/**
 * A message read back from the queue, with the shard and position it was read at, and what an
 * earlier lease holder of the shard recorded about it ({@link PriorAttempt#NONE} on a first read).
 *
 * @param trace W3C traceparent of the message's span when it was sampled for tracing, else null
 */
public record QueuedMessage(
    int shard,
    QueuePosition position,
    UUID messageId,
    String campaignId,
    String route,
    String destination,
    String sender,
    String body,
    Instant notBefore,
    Instant expiresAt,
    String variant,
    boolean marketing,
    int parts,
    PriorAttempt prior,
    String trace) {

  public QueuedMessage {
    prior = prior == null ? PriorAttempt.NONE : prior;
  }

  /** A message not traced. */
  public QueuedMessage(
      int shard,
      QueuePosition position,
      UUID messageId,
      String campaignId,
      String route,
      String destination,
      String sender,
      String body,
      Instant notBefore,
      Instant expiresAt,
      String variant,
      boolean marketing,
      int parts,
      PriorAttempt prior) {
    this(
        shard,
        position,
        messageId,
        campaignId,
        route,
        destination,
        sender,
        body,
        notBefore,
        expiresAt,
        variant,
        marketing,
        parts,
        prior,
        null);
  }

  /** Whether the message was sampled for tracing: its dispatch continues its trace. */
  public boolean traced() {
    return trace != null;
  }

  /**
   * Whether the number of this message was erased (GDPR Art. 17) after it was queued: {@link
   * QueueEraser} left the row without destination or text. It must be resolved, never sent.
   */
  public boolean erased() {
    return destination == null || destination.isBlank();
  }

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }

  /** The same message with what an earlier lease holder recorded about it. */
  public QueuedMessage withPrior(PriorAttempt attempt) {
    return new QueuedMessage(
        shard,
        position,
        messageId,
        campaignId,
        route,
        destination,
        sender,
        body,
        notBefore,
        expiresAt,
        variant,
        marketing,
        parts,
        attempt,
        trace);
  }
}
