package dev.relais.scheduler.campaign;

import dev.relais.scheduler.campaign.abtest.AbTestPlan;
import java.time.Instant;

/**
 * One expansion pass of a campaign's A/B test: the sample (before the decision), or the rest (after
 * it, all with the winner).
 *
 * @param winner the variant the rest receives; null for the sample pass
 * @param paceFrom when the pass's campaign pace begins: the start, or the decision for the rest
 * @param paceOffset messages queued before the pass began, which its pace does not count
 */
public record AbTestPass(
    AbTestPlan plan, CampaignVariant winner, Instant paceFrom, long paceOffset) {

  /** The sample pass. */
  public static AbTestPass sample(CompiledCampaign campaign) {
    return new AbTestPass(campaign.abTest(), null, campaign.start(), 0);
  }

  /** The pass of the rest, after the decision. */
  public static AbTestPass rest(
      CompiledCampaign campaign, CampaignVariant winner, Instant decidedAt, long queued) {
    Instant from = decidedAt.isAfter(campaign.start()) ? decidedAt : campaign.start();
    return new AbTestPass(campaign.abTest(), winner, from, queued);
  }

  /** True for the rest's pass. */
  public boolean rest() {
    return winner != null;
  }
}
