package dev.relais.queue;

import java.time.Instant;
import java.util.UUID;

/** A message read back from the queue, with the shard and position it was read at. */
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
    int parts) {

  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
