package dev.relais.cli.lint;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Segment;
import dev.relais.operator.model.AbTestTiming;
import dev.relais.scheduler.campaign.abtest.AbTestPlan;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an accepted A/B test does to a campaign: only its sample is sent at first, and the rest of
 * the audience waits for the decision. The sample's share is the scheduler's own ({@link
 * AbTestPlan#sharePpm()}, computed from the Segment's estimate as the operator sends it), the
 * decision time the operator's ({@link AbTestTiming}).
 */
final class AbTestPreview {

  private static final long MILLION = 1_000_000;

  private AbTestPreview() {}

  /**
   * @param plan the scheduler's plan of the campaign's A/B test, null when it has none
   */
  static void check(
      LintedDocument document,
      Campaign campaign,
      AbTestPlan plan,
      Optional<Segment> segment,
      Instant now,
      List<Finding> findings) {
    CampaignSpec spec = campaign.getSpec();
    CampaignSpec.AbTest test = spec.abTest;
    if (test == null || plan == null) {
      return;
    }
    int minPerVariant =
        test.minPerVariant == null || test.minPerVariant == 0
            ? AbTestPlan.DEFAULT_MIN_PER_VARIANT
            : test.minPerVariant;
    String sample =
        estimatedSize(segment)
            .map(size ->
                "about "
                    + ceilShare(size, plan.sharePpm())
                    + " recipients ("
                    + percent(plan.sharePpm())
                    + "% of the Segment's estimated "
                    + size
                    + (plan.sharePpm() > test.samplePercent * (MILLION / 100)
                        ? ", raised from " + test.samplePercent + "% to reach "
                        : ", at least ")
                    + minPerVariant
                    + " per variant)")
            .orElse(
                test.samplePercent
                    + "% of the audience (at least "
                    + minPerVariant
                    + " per variant once the audience is known)");
    boolean fromStart = spec.schedule != null && spec.schedule.start != null;
    String when =
        AbTestTiming.decideAt(campaign, now)
            .map(at ->
                fromStart
                    ? "at " + at + " (" + test.decideAfter + " after the start)"
                    : test.decideAfter + " after the campaign is applied (" + at + " if now)")
            .orElse(test.decideAfter + " after the start");
    findings.add(
        document.warning(
            "spec.abTest",
            "only the sample is sent at first: "
                + sample
                + "; the rest of the audience waits for the winner on "
                + (test.metric == null ? "clicks" : test.metric)
                + ", chosen "
                + when
                + (test.fallback == null
                    ? ", or the first variant when the test is inconclusive"
                    : ", or " + test.fallback + " when the test is inconclusive")));
  }

  private static Optional<Long> estimatedSize(Optional<Segment> segment) {
    return segment
        .map(Segment::getStatus)
        .map(status -> status.estimatedSize)
        .filter(size -> size > 0);
  }

  private static long ceilShare(long size, long sharePpm) {
    return (size * sharePpm + MILLION - 1) / MILLION;
  }

  /** A share in parts per million as a percentage, without trailing zeros: 10, 12.5. */
  private static String percent(long sharePpm) {
    return BigDecimal.valueOf(sharePpm, 4).stripTrailingZeros().toPlainString();
  }
}
