package dev.relais.queue;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A rendered SMS handed to the queue: who, what, on which route, and when it may be sent.
 *
 * @param notBefore earliest send time (quiet hours defer it); never before it is written
 * @param expiresAt the message is expired, never sent, after this instant
 * @param parts SMS parts the text takes once encoded
 */
public record OutgoingMessage(
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

  public OutgoingMessage {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(campaignId, "campaignId");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(notBefore, "notBefore");
    Objects.requireNonNull(expiresAt, "expiresAt");
    variant = variant == null ? "" : variant;
    sender = sender == null ? "" : sender;
  }
}
