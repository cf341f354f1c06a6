package dev.relais.scheduler.campaign;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Which A/B variant a recipient receives: a stable 64-bit hash of the campaign id and the
 * recipient's number, taken modulo the sum of the weights and placed on the cumulative weights. The
 * same number in the same campaign always gets the same variant, in any scheduler instance and when
 * a page is composed again after a crash; over many numbers each variant gets its weight's share.
 *
 * <p>The hash is FNV-1a over the UTF-8 bytes of {@code campaignId + '\n' + number}, finished by the
 * SplitMix64 mixer so that numbers differing only in their last digits spread over the whole range.
 * It is part of the campaign's definition: changing it would move recipients between variants.
 */
public final class VariantAssignment {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private final long seed;
  private final int[] cumulative;

  private VariantAssignment(String campaignId, int[] cumulative) {
    this.seed = update(FNV_OFFSET, (campaignId + "\n").getBytes(StandardCharsets.UTF_8));
    this.cumulative = cumulative;
  }

  /**
   * The assignment of campaign {@code campaignId} over variants of these {@code weights}, in order.
   *
   * @throws IllegalArgumentException when there is no weight or one is below 1
   */
  public static VariantAssignment of(String campaignId, List<Integer> weights) {
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("at least one variant weight is needed");
    }
    int[] cumulative = new int[weights.size()];
    int sum = 0;
    for (int i = 0; i < weights.size(); i++) {
      int weight = weights.get(i);
      if (weight < 1) {
        throw new IllegalArgumentException("variant weights must be at least 1");
      }
      sum = Math.addExact(sum, weight);
      cumulative[i] = sum;
    }
    return new VariantAssignment(campaignId, cumulative);
  }

  /** The index (in the weights' order) of the variant {@code number} receives. */
  public int indexFor(String number) {
    if (cumulative.length == 1) {
      return 0;
    }
    long hash = mix(update(seed, number.getBytes(StandardCharsets.UTF_8)));
    long point = Long.remainderUnsigned(hash, cumulative[cumulative.length - 1]);
    for (int i = 0; i < cumulative.length; i++) {
      if (point < cumulative[i]) {
        return i;
      }
    }
    throw new AssertionError("point beyond the sum of the weights");
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
