package dev.relais.analytics.events;

import dev.relais.proto.analytics.v1.EventType;

/**
 * Which events of one message exclude each other in the counts: a message is resolved once
 * (SUBMITTED, SUBMIT_FAILED or EXPIRED, whichever is recorded first), receipted once (DELIVERED or
 * UNDELIVERED), and counted once for every other type.
 *
 * <p>A message resent after a dispatcher crash may be submitted twice, or submitted once and then
 * expire; the scheduler completes a campaign when resolved messages reach the queued count, so each
 * message must resolve exactly once.
 */
public final class EventSlot {

  public static final String RESOLVED = "RESOLVED";
  public static final String RECEIPT = "RECEIPT";

  private EventSlot() {}

  /** The slot an event type counts in. */
  public static String of(EventType type) {
    return switch (type) {
      case EVENT_TYPE_SUBMITTED, EVENT_TYPE_SUBMIT_FAILED, EVENT_TYPE_EXPIRED -> RESOLVED;
      case EVENT_TYPE_DELIVERED, EVENT_TYPE_UNDELIVERED -> RECEIPT;
      default -> EventTypeColumn.toColumn(type);
    };
  }

  /** One slot of one message of one campaign. */
  public record Key(String campaignId, String messageId, String slot) {}

  /** Who owns a slot: the first batch that recorded it, and the event type it recorded. */
  public record Winner(String batchId, String type) {}
}
