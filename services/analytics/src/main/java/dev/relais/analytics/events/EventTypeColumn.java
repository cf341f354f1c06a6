package dev.relais.analytics.events;

import dev.relais.proto.analytics.v1.EventType;
import java.util.Optional;

/** How an event type is spelled in Cassandra columns: {@code DELIVERED}, not the proto number. */
public final class EventTypeColumn {

  private static final String PREFIX = "EVENT_TYPE_";

  private EventTypeColumn() {}

  /**
   * The column value of a recordable type ({@code EVENT_TYPE_DELIVERED} becomes {@code DELIVERED}).
   */
  public static String toColumn(EventType type) {
    if (!isRecordable(type)) {
      throw new IllegalArgumentException("not a recordable event type: " + type);
    }
    return type.name().substring(PREFIX.length());
  }

  /**
   * The type a column value names; empty for a value this version does not know, e.g. one written
   * by a newer version during a rolling upgrade, which must not break reading the others.
   */
  public static Optional<EventType> fromColumn(String column) {
    if (column == null || column.isEmpty()) {
      return Optional.empty();
    }
    try {
      EventType type = EventType.valueOf(PREFIX + column);
      return isRecordable(type) ? Optional.of(type) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Whether a type names a real event (not UNSPECIFIED, nor a number this version lacks). */
  public static boolean isRecordable(EventType type) {
    return type != null
        && type != EventType.EVENT_TYPE_UNSPECIFIED
        && type != EventType.UNRECOGNIZED;
  }
}
