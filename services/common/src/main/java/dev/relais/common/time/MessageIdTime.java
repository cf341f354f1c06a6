package dev.relais.common.time;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The time a campaign message's id carries: the scheduler names the messages of an audience page by
 * version-1 UUIDs whose timestamp is when the page was first composed, to the millisecond (plus a
 * sub-millisecond offset per destination), and keeps that time when it composes the page again
 * after a crash. So every service can tell a message's page time from its id alone: no event, no
 * row per message.
 */
public final class MessageIdTime {

  /** 100-ns intervals between the UUID epoch (1582-10-15) and the Unix epoch. */
  private static final long UUID_EPOCH_OFFSET = 0x01B21DD213814000L;

  private MessageIdTime() {}

  /**
   * When the page of {@code messageId} was first composed, to the millisecond; empty for an id that
   * is not a version-1 UUID (not one of a page's).
   */
  public static Optional<Instant> composedAt(UUID messageId) {
    if (messageId.version() != 1) {
      return Optional.empty();
    }
    long ticks = messageId.timestamp() - UUID_EPOCH_OFFSET;
    return Optional.of(Instant.ofEpochMilli(Math.floorDiv(ticks, 10_000L)));
  }

  /** As {@link #composedAt(UUID)}, for an id as text; empty when it is not a UUID at all. */
  public static Optional<Instant> composedAt(String messageId) {
    // UUID.fromString accepts shortened groups ("1-2-3-4-5"): only the canonical form is an id.
    if (messageId.length() != 36) {
      return Optional.empty();
    }
    try {
      return composedAt(UUID.fromString(messageId));
    } catch (IllegalArgumentException notUuid) {
      return Optional.empty();
    }
  }
}
