package dev.relais.queue;

import java.time.Duration;
import java.util.UUID;

/**
 * Where a message moved to another route lands in that route's queue: a position computed from the
 * message id and a short time window, so that a move replayed after a crash (by the next lease
 * holder of the source shard) finds or rewrites the row of the first move instead of queueing a
 * second copy.
 *
 * <p>The position is due at the end of the window in which the move happens: a little ahead of the
 * target route's readers, which only read forward, and never more than one window late for the
 * message. Windows are shorter than the queue's lookback, so even a slow write lands where the
 * target reader's sweep still looks.
 */
final class MovePositions {

  /** 100-ns intervals between the UUID epoch (1582-10-15) and the Unix epoch. */
  private static final long UUID_EPOCH_OFFSET = 0x01B21DD213814000L;

  private static final Duration LONGEST_WINDOW = Duration.ofSeconds(10);

  private MovePositions() {}

  /** Width of a move window: 10 s, or half the lookback when that is shorter (at least 1 s). */
  static long windowMillis(Duration lookback) {
    long half = lookback.toMillis() / 2;
    return Math.max(1000, Math.min(LONGEST_WINDOW.toMillis(), half));
  }

  /** The instant (epoch millis) a message moved at {@code atMillis} is due on its new route. */
  static long dueMillis(long atMillis, long windowMillis) {
    return (Math.floorDiv(atMillis, windowMillis) + 1) * windowMillis;
  }

  /**
   * The seq of a message due at {@code dueMillis}: a version-1 UUID with that timestamp (plus a
   * sub-millisecond offset) and clock and node bits taken from the message id, so one message in
   * one window always gets the same seq, and two messages practically never share one. Messages
   * enqueued by the scheduler take their seq from here too ({@link
   * QueueWriter#enqueue(java.util.List, java.time.Instant)}), so that a page written again lands on
   * the same rows.
   */
  static UUID seq(UUID messageId, long dueMillis) {
    long mixed =
        mix(
            messageId.getMostSignificantBits()
                ^ Long.rotateLeft(messageId.getLeastSignificantBits(), 17));
    long ticks = dueMillis * 10_000 + UUID_EPOCH_OFFSET + Math.floorMod(mixed, 10_000);
    long msb =
        (ticks << 32) // time_low
            | ((ticks & 0xFFFF_0000_0000L) >>> 16) // time_mid
            | 0x1000L // version 1
            | ((ticks >>> 48) & 0x0FFFL); // time_hi
    long lsb = (mix(mixed) & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /** SplitMix64's finaliser: spreads every input bit over the output. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
