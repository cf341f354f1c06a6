package dev.relais.scheduler.campaign;

import java.util.List;

/**
 * Which A/B variant a recipient receives: the {@link StableNumberHash} of the number under the
 * campaign id, taken modulo the sum of the weights and placed on the cumulative weights. The same
 * number in the same campaign always gets the same variant, in any scheduler instance and when a
 * page is composed again after a crash; over many numbers each variant gets its weight's share.
 */
public final class VariantAssignment {

  private final StableNumberHash hash;
  private final int[] cumulative;

  private VariantAssignment(String campaignId, int[] cumulative) {
    this.hash = new StableNumberHash(campaignId);
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
    long point = Long.remainderUnsigned(hash.of(number), cumulative[cumulative.length - 1]);
    for (int i = 0; i < cumulative.length; i++) {
      if (point < cumulative[i]) {
        return i;
      }
    }
    throw new AssertionError("point beyond the sum of the weights");
  }
}
