package dev.relais.analytics.events;

import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a RecordEvents batch may be recorded at all. A batch is all or nothing: the first
 * bad event refuses the whole batch, so a caller never has to work out which half was kept.
 */
public final class EventBatchValidator {

  /** More events than this in one call is a client bug (dispatch sends a few hundred). */
  public static final int MAX_EVENTS = 10_000;

  /** Identifiers longer than this are not ids; refusing them keeps rows and keys small. */
  public static final int MAX_ID_LENGTH = 256;

  private EventBatchValidator() {}

  /** The reason the batch is refused, naming the index of the first bad event; empty if valid. */
  public static Optional<String> problem(List<MessageEvent> events) {
    if (events.size() > MAX_EVENTS) {
      return Optional.of(
          "too many events in one batch: " + events.size() + " (at most " + MAX_EVENTS + ")");
    }
    for (int i = 0; i < events.size(); i++) {
      Optional<String> problem = problem(events.get(i));
      if (problem.isPresent()) {
        return Optional.of("event " + i + ": " + problem.get());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> problem(MessageEvent event) {
    if (event.getCampaignId().isBlank()) {
      return Optional.of("campaign_id is required");
    }
    if (event.getMessageId().isBlank()) {
      return Optional.of("message_id is required");
    }
    if (!EventTypeColumn.isRecordable(event.getType())) {
      return Optional.of(
          event.getType() == EventType.EVENT_TYPE_UNSPECIFIED
              ? "type is required"
              : "unknown type " + event.getTypeValue());
    }
    if (event.getCampaignId().length() > MAX_ID_LENGTH
        || event.getMessageId().length() > MAX_ID_LENGTH
        || event.getVariant().length() > MAX_ID_LENGTH) {
      return Optional.of("campaign_id, message_id and variant are at most 256 characters");
    }
    if (event.getParts() < 0) {
      return Optional.of("parts must not be negative, got " + event.getParts());
    }
    return Optional.empty();
  }
}
