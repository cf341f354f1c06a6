package dev.relais.scheduler.campaign.abtest;

import static dev.relais.common.time.ProtoTime.instant;

import dev.relais.proto.scheduler.v1.AbTest;
import dev.relais.proto.scheduler.v1.AbTestMethod;
import dev.relais.proto.scheduler.v1.AbTestMetric;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.scheduler.campaign.CampaignVariant;
import dev.relais.scheduler.campaign.StableNumberHash;
import java.time.Instant;
import java.util.List;

/**
 * A campaign's A/B test, checked: who is in the sample, when and how the winner is chosen.
 *
 * <p>A recipient is in the sample when the {@link StableNumberHash} of its number under {@code
 * "ab-sample/" + campaign id} (a hash that does not follow the variant's), modulo one million, is
 * below the sample's share in parts per million: the same number is in or out on every expansion.
 * The share is {@code sample_percent}, raised when {@code audience_estimate} is known so that the
 * variant of the smallest weight expects at least {@code min_per_variant} recipients (at most the
 * whole audience); with no estimate (0) it stays {@code sample_percent}.
 *
 * @param sharePpm the sample's share of the audience, in parts per million
 * @param fallback index of the variant sent to the rest when the test is inconclusive (0: the
 *     control)
 */
public record AbTestPlan(
    AbTestMetric metric,
    AbTestMethod method,
    double confidence,
    Instant decideAt,
    int fallback,
    long sharePpm,
    StableNumberHash sample) {

  /** Sample recipients per variant when min_per_variant is 0. */
  public static final int DEFAULT_MIN_PER_VARIANT = 100;

  /** Confidence when confidence is 0. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  private static final long MILLION = 1_000_000;

  /** True when the recipient at {@code number} is in the sample. */
  public boolean inSample(String number) {
    return Long.remainderUnsigned(sample.of(number), MILLION) < sharePpm;
  }

  /**
   * The campaign's A/B test, or null when it has none.
   *
   * @param variants the campaign's variants, checked
   * @throws IllegalArgumentException with a sentence saying what to fix
   */
  public static AbTestPlan of(
      Campaign spec, List<CampaignVariant> variants, Instant start, Instant deadline) {
    if (!spec.hasAbTest()) {
      return null;
    }
    AbTest test = spec.getAbTest();
    if (variants.size() < 2 || !variants.get(0).named()) {
      throw new IllegalArgumentException(
          "ab_test needs at least two variants: the sample is split between them");
    }
    if (test.getSamplePercent() < 1 || test.getSamplePercent() > 50) {
      throw new IllegalArgumentException(
          "ab_test.sample_percent "
              + test.getSamplePercent()
              + " must be between 1 and 50 (the share of the audience sent first)");
    }
    if (test.getMinPerVariant() < 0) {
      throw new IllegalArgumentException(
          "ab_test.min_per_variant must be 0 (meaning " + DEFAULT_MIN_PER_VARIANT + ") or more");
    }
    double confidence = test.getConfidence() == 0 ? DEFAULT_CONFIDENCE : test.getConfidence();
    if (!(confidence >= 0.5 && confidence <= 0.999)) {
      throw new IllegalArgumentException(
          "ab_test.confidence "
              + test.getConfidence()
              + " must be between 0.5 and 0.999 (0 means "
              + DEFAULT_CONFIDENCE
              + ")");
    }
    if (!test.hasDecideAt()) {
      throw new IllegalArgumentException(
          "ab_test.decide_at is required: when the winner is chosen from the sample's results");
    }
    Instant decideAt = instant(test.getDecideAt());
    if (!decideAt.isAfter(start) || !decideAt.isBefore(deadline)) {
      throw new IllegalArgumentException(
          "ab_test.decide_at "
              + decideAt
              + " must be after the start "
              + start
              + " and before the deadline "
              + deadline);
    }
    int fallback = 0;
    if (!test.getFallback().isEmpty()) {
      fallback = -1;
      for (int i = 0; i < variants.size(); i++) {
        if (variants.get(i).name().equals(test.getFallback())) {
          fallback = i;
        }
      }
      if (fallback < 0) {
        throw new IllegalArgumentException(
            "ab_test.fallback '"
                + test.getFallback()
                + "' must be empty (the control, "
                + variants.get(0).name()
                + ") or the name of a variant");
      }
    }
    AbTestMetric metric =
        switch (test.getMetric()) {
          case AB_TEST_METRIC_UNSPECIFIED, AB_TEST_METRIC_CLICKS ->
              AbTestMetric.AB_TEST_METRIC_CLICKS;
          case AB_TEST_METRIC_CONVERSIONS -> AbTestMetric.AB_TEST_METRIC_CONVERSIONS;
          case AB_TEST_METRIC_DELIVERY -> AbTestMetric.AB_TEST_METRIC_DELIVERY;
          default ->
              throw new IllegalArgumentException(
                  "ab_test.metric must be clicks, conversions or delivery");
        };
    if (metric == AbTestMetric.AB_TEST_METRIC_CLICKS) {
      for (CampaignVariant variant : variants) {
        if (variant.template().links().isEmpty()) {
          throw new IllegalArgumentException(
              "ab_test.metric clicks needs a tracked link ({{link}}) in every variant: variant "
                  + variant.name()
                  + " has none");
        }
      }
    }
    AbTestMethod method =
        switch (test.getMethod()) {
          case AB_TEST_METHOD_UNSPECIFIED, AB_TEST_METHOD_Z_TEST ->
              AbTestMethod.AB_TEST_METHOD_Z_TEST;
          case AB_TEST_METHOD_BAYESIAN -> AbTestMethod.AB_TEST_METHOD_BAYESIAN;
          default ->
              throw new IllegalArgumentException("ab_test.method must be z-test or bayesian");
        };
    int minPerVariant =
        test.getMinPerVariant() == 0 ? DEFAULT_MIN_PER_VARIANT : test.getMinPerVariant();
    return new AbTestPlan(
        metric,
        method,
        confidence,
        decideAt,
        fallback,
        sharePpm(test.getSamplePercent(), minPerVariant, variants, spec.getAudienceEstimate()),
        new StableNumberHash("ab-sample/" + spec.getId()));
  }

  /** The sample's share in parts per million (see the class comment). */
  public static long sharePpm(
      int samplePercent, int minPerVariant, List<CampaignVariant> variants, long estimate) {
    long share = samplePercent * (MILLION / 100);
    if (estimate > 0) {
      long weights = variants.stream().mapToLong(CampaignVariant::weight).sum();
      long smallest = variants.stream().mapToLong(CampaignVariant::weight).min().orElse(1);
      // The smallest variant gets smallest/weights of the sample: the sample needs
      // minPerVariant * weights / smallest recipients.
      double needed = (double) minPerVariant * weights / smallest;
      share = Math.max(share, (long) Math.ceil(needed / estimate * MILLION));
    }
    return Math.min(share, MILLION);
  }
}
