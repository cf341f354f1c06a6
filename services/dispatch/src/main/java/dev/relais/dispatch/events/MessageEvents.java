package dev.relais.dispatch.events;

import dev.relais.common.time.ProtoTime;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Builds the analytics events of one route's messages, stamped with the platform clock. */
public final class MessageEvents {

  private final String route;
  private final Clock clock;

  public MessageEvents(String route, Clock clock) {
    this.route = route;
    this.clock = clock;
  }

  /**
   * The same event marked as the first report of its slot: see {@code MessageEvent.first_report}.
   * Only for events no other dispatcher can have reported.
   */
  public static MessageEvent firstReport(MessageEvent event) {
    return event.toBuilder().setFirstReport(true).build();
  }

  /**
   * The same event carrying the trace context of its message, when the message is traced ({@code
   * trace} not null), so that analytics records it in the message's trace.
   */
  public static MessageEvent traced(MessageEvent event, String trace) {
    return trace == null ? event : event.toBuilder().setTraceparent(trace).build();
  }

  /** An event for a message; {@code smscMessageId} may be empty. */
  public MessageEvent event(
      EventType type,
      UUID messageId,
      String campaignId,
      String variant,
      int parts,
      String smscMessageId,
      int errorCode) {
    Instant now = clock.instant();
    return MessageEvent.newBuilder()
        .setType(type)
        .setMessageId(messageId.toString())
        .setCampaignId(campaignId == null ? "" : campaignId)
        .setVariant(variant == null ? "" : variant)
        .setParts(parts)
        .setSmscMessageId(smscMessageId == null ? "" : smscMessageId)
        .setErrorCode(errorCode)
        .setRoute(route)
        .setOccurredAt(ProtoTime.timestamp(now))
        .build();
  }
}
