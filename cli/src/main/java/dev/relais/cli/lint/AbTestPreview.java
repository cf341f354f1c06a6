package dev.relais.cli.lint;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Segment;
import dev.relais.operator.model.AbTestTiming;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an accepted A/B test does to a campaign: only its sample is sent at first, and the rest of
 * the audience waits for the decision (the operator's {@link AbTestTiming} tells when).
 */
final class AbTestPreview {

  private AbTestPreview() {}

  static void check(
      LintedDocument document,
      Campaign campaign,
      Optional<Segment> segment,
      Instant now,
      List<Finding> findings) {
    CampaignSpec spec = campaign.getSpec();
    CampaignSpec.AbTest test = spec.abTest;
    if (test == null) {
      return;
    }
    int minPerVariant = test.minPerVariant == null ? 100 : test.minPerVariant;
    String sample =
        estimatedSize(segment)
            .map(size ->
                "about "
                    + Math.max(
                        Math.min(size, ceilPercent(size, test.samplePercent)),
                        Math.min(size, (long) minPerVariant * spec.variants.size()))
                    + " recipients ("
                    + test.samplePercent
                    + "% of the Segment's estimated "
                    + size
                    + ", at least "
                    + minPerVariant
                    + " per variant)")
            .orElse(
                test.samplePercent
                    + "% of the audience (at least "
                    + minPerVariant
                    + " per variant)");
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

  private static long ceilPercent(long size, Integer percent) {
    return (size * (percent == null ? 0 : percent) + 99) / 100;
  }
}
