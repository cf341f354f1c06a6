package dev.relais.scheduler.campaign;

import dev.relais.common.time.MessageIdTime;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The message ids of one audience page: derived from the page's key and each destination, so that a
 * page composed again after a crash names its messages exactly as the first time.
 *
 * <p>The key is drawn at random when the page is first composed and saved with the campaign's
 * progress before any of its messages is queued. An id is a version-1 UUID carrying the key's time
 * (plus a sub-millisecond offset from the destination), so analytics still keeps the events of
 * messages composed together in one partition, and 62 bits of a hash of the key and the
 * destination. Without the key (it never leaves Cassandra) an id cannot be traced back to a number
 * by hashing numbers, but it is not a secret either: never use one as a link token.
 */
public final class PageMessageIds {

  /** 100-ns intervals between the UUID epoch (1582-10-15) and the Unix epoch. */
  private static final long UUID_EPOCH_OFFSET = 0x01B21DD213814000L;

  private final long keyTicks;
  private final long seed;

  private PageMessageIds(UUID key) {
    if (key.version() != 1) {
      throw new IllegalArgumentException("a page key is a version-1 UUID");
    }
    this.keyTicks = key.timestamp() - Math.floorMod(key.timestamp(), 10_000L);
    this.seed = key.getLeastSignificantBits() ^ Long.rotateLeft(key.getMostSignificantBits(), 29);
  }

  /** The ids of the page keyed by {@code key}. */
  public static PageMessageIds of(UUID key) {
    return new PageMessageIds(key);
  }

  /** A fresh page key: the time the page is composed, and random bits. */
  public static UUID newKey(Instant now) {
    return timeUuid(
        now.toEpochMilli() * 10_000 + UUID_EPOCH_OFFSET, ThreadLocalRandom.current().nextLong());
  }

  /** The id of the page's message to {@code destination}; the same for the same destination. */
  public UUID idFor(String destination) {
    long h1 = seed;
    long h2 = ~seed;
    byte[] bytes = destination.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      h1 = mix(h1 ^ (b & 0xff));
      h2 = mix(h2 + (b & 0xff) * 0x9E3779B97F4A7C15L);
    }
    h1 = mix(h1 ^ bytes.length);
    return timeUuid(keyTicks + Math.floorMod(h2, 10_000L), h1);
  }

  /**
   * When the page of {@code messageId} was first composed for the queue, to the millisecond: the
   * time its id carries ({@link MessageIdTime}, where every service reads it). Empty for an id that
   * is not a version-1 UUID (not one of a page's).
   *
   * <p>The page is written to the queue as soon as it is composed (while the next page is composed
   * in turn), so the message entered the queue at this time, or later by at most the page's write;
   * a page composed again after a crash keeps its first time.
   */
  public static Optional<Instant> composedAt(UUID messageId) {
    return MessageIdTime.composedAt(messageId);
  }

  private static UUID timeUuid(long ticks, long random) {
    long msb =
        (ticks << 32) // time_low
            | ((ticks & 0xFFFF_0000_0000L) >>> 16) // time_mid
            | 0x1000L // version 1
            | ((ticks >>> 48) & 0x0FFFL); // time_hi
    return new UUID(msb, (random & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
  }

  /** SplitMix64's finaliser: spreads every input bit over the output. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
