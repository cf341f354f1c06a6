package dev.relais.scheduler.campaign;

import java.nio.charset.StandardCharsets;

/**
 * A stable 64-bit hash of a recipient's number under a campaign: FNV-1a over the UTF-8 bytes of
 * {@code prefix + '\n' + number}, finished by the SplitMix64 mixer so that numbers differing only
 * in their last digits spread over the whole range. The same number under the same prefix hashes
 * the same in any scheduler instance; different prefixes give hashes that do not follow each other.
 * Part of a campaign's definition: changing it would move recipients between variants or samples.
 */
public final class StableNumberHash {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final long seed;

  /** The hash of numbers under {@code prefix} (e.g. the campaign id). */
  public StableNumberHash(String prefix) {
    this.seed = update(FNV_OFFSET, (prefix + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The number's hash. */
  public long of(String number) {
    return mix(update(seed, number.getBytes(StandardCharsets.UTF_8)));
  }

  private static long update(long hash, byte[] bytes) {
    for (byte b : bytes) {
      hash ^= b & 0xff;
      hash *= FNV_PRIME;
    }
    return hash;
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
