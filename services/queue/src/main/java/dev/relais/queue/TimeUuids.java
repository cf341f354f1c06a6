package dev.relais.queue;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version-1 UUIDs for an arbitrary instant, ordered the way Cassandra orders {@code timeuuid}.
 *
 * <p>The queue's seq encodes when a message is due, not when it was written, so a deferred message
 * sorts after those due earlier and a reader's time horizon holds it back until then.
 */
final class TimeUuids {

  /** 100-ns intervals between the UUID epoch (1582-10-15) and the Unix epoch. */
  private static final long UUID_EPOCH_OFFSET = 0x01B21DD213814000L;

  private TimeUuids() {}

  /** A unique timeuuid whose timestamp is {@code instant} (plus random sub-millisecond ticks). */
  static UUID at(Instant instant) {
    // Uniqueness, not secrecy: 62 random bits plus sub-millisecond ticks per instant.
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long ticks = instant.toEpochMilli() * 10_000 + UUID_EPOCH_OFFSET + random.nextInt(10_000);
    long msb =
        (ticks << 32) // time_low
            | ((ticks & 0xFFFF_0000_0000L) >>> 16) // time_mid
            | 0x1000L // version 1
            | ((ticks >>> 48) & 0x0FFFL); // time_hi
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }

  /** The 100-ns timestamp of a version-1 UUID. */
  static long ticks(UUID uuid) {
    return uuid.timestamp();
  }

  /** Cassandra's timeuuid order: timestamp first, then the remaining bytes as signed values. */
  static int compare(UUID a, UUID b) {
    int byTime = Long.compare(a.timestamp(), b.timestamp());
    if (byTime != 0) {
      return byTime;
    }
    // Flipping each byte's sign bit but the first turns a signed per-byte comparison into one
    // signed long comparison, as Cassandra's TimeUUIDType does.
    return Long.compare(
        a.getLeastSignificantBits() ^ 0x0080808080808080L,
        b.getLeastSignificantBits() ^ 0x0080808080808080L);
  }
}
