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
 * @param trace W3C traceparent of the message's span when it is sampled for tracing ({@link
 *     MessageSampling}), null when it is not
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
    int parts,
    String trace) {

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

  /** A message not traced. */
  public OutgoingMessage(
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
    this(
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
        null);
  }

  /** The same message carrying the traceparent of its span. */
  public OutgoingMessage withTrace(String traceparent) {
    return new OutgoingMessage(
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
        traceparent);
  }

  /**
   * This message with another body of the same length and encoding (a link stand-in replaced by the
   * recipient's link), so its parts are unchanged.
   */
  public OutgoingMessage withBody(String newBody) {
    return new OutgoingMessage(
        messageId,
        campaignId,
        route,
        destination,
        sender,
        newBody,
        notBefore,
        expiresAt,
        variant,
        marketing,
        parts,
        trace);
  }
}
