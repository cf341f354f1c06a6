package dev.relais.scheduler.campaign.abtest;

import dev.relais.proto.scheduler.v1.AbTestArm;
import dev.relais.proto.scheduler.v1.AbTestMethod;
import dev.relais.proto.scheduler.v1.AbTestMetric;
import dev.relais.proto.scheduler.v1.AbTestStatus;
import java.util.List;
import java.util.Locale;

/**
 * Chooses an A/B test's winner from its arms' figures, one per variant in the campaign's order (the
 * first is the control).
 *
 * <p>The challenger is the variant of the highest rate (successes of trials; the earliest on a tie,
 * so the control when it ties). When the challenger is the control, no variant beats it: the test
 * is inconclusive. Otherwise the challenger is tested against the control alone, without correction
 * for the number of variants: z-test, conclusive when the two-sided p-value is below 1 -
 * confidence; Bayesian, conclusive when its probability to beat the control is at least the
 * confidence. A conclusive test's winner is the challenger; an inconclusive one's (also with no
 * delivered message, or when the metric cannot be measured) is the fallback, else the control.
 */
public final class AbTestDecision {

  private AbTestDecision() {}

  /**
   * The decision (winner, conclusive, reason, arms, p-value or probability, metric and method).
   *
   * @param variants the variants' names, the control first
   * @param arms their figures, in the same order
   * @param unmeasurable why the metric cannot decide, or null when the arms say it
   */
  public static AbTestStatus.Builder decide(
      AbTestPlan plan, List<String> variants, List<AbTestArm> arms, String unmeasurable) {
    AbTestStatus.Builder status =
        AbTestStatus.newBuilder()
            .setMetric(plan.metric())
            .setMethod(plan.method())
            .addAllArms(arms);
    String control = variants.get(0);
    String fallback = variants.get(plan.fallback());
    String sending =
        plan.fallback() == 0
            ? "; sending the control " + control
            : "; sending the fallback " + fallback;
    if (unmeasurable != null) {
      return status
          .setWinner(fallback)
          .setConclusive(false)
          .setReason(metric(plan.metric()) + " cannot decide: " + unmeasurable + sending);
    }
    int best = 0;
    for (int i = 1; i < arms.size(); i++) {
      if (rate(arms.get(i)) > rate(arms.get(best))) {
        best = i;
      }
    }
    AbTestArm first = arms.get(0);
    AbTestArm challenger = arms.get(best);
    if (arms.stream().allMatch(a -> a.getTrials() == 0)) {
      return status
          .setWinner(fallback)
          .setConclusive(false)
          .setReason(
              "no figures to decide on " + metric(plan.metric()) + ": " + nothing(plan) + sending);
    }
    if (best == 0) {
      return status
          .setWinner(fallback)
          .setConclusive(false)
          .setReason(
              "no variant beats the control "
                  + control
                  + " on "
                  + metric(plan.metric())
                  + ": "
                  + control
                  + " "
                  + percent(first)
                  + figures(variants, arms, 0)
                  + sending);
    }
    String rates =
        variants.get(best)
            + " "
            + percent(challenger)
            + " against "
            + control
            + " "
            + percent(first);
    boolean conclusive;
    String test;
    if (plan.method() == AbTestMethod.AB_TEST_METHOD_BAYESIAN) {
      double p =
          ProportionTest.probabilityToBeat(
              first.getSuccesses(), first.getTrials(),
              challenger.getSuccesses(), challenger.getTrials());
      status.setProbabilityToBeatControl(p);
      conclusive = p >= plan.confidence();
      test =
          "probability to beat "
              + control
              + " "
              + number(p)
              + (conclusive ? " >= " : " < ")
              + number(plan.confidence());
    } else {
      double p =
          ProportionTest.zTestPValue(
              first.getSuccesses(), first.getTrials(),
              challenger.getSuccesses(), challenger.getTrials());
      status.setPValue(p);
      double alpha = 1 - plan.confidence();
      conclusive = p < alpha;
      test = "p = " + number(p) + (conclusive ? " < " : " >= ") + number(alpha);
    }
    if (conclusive) {
      return status
          .setWinner(variants.get(best))
          .setConclusive(true)
          .setReason(
              variants.get(best)
                  + " beats "
                  + control
                  + " on "
                  + metric(plan.metric())
                  + ": "
                  + rates
                  + ", "
                  + test);
    }
    return status
        .setWinner(fallback)
        .setConclusive(false)
        .setReason(
            "inconclusive on " + metric(plan.metric()) + ": " + rates + ", " + test + sending);
  }

  private static String figures(List<String> variants, List<AbTestArm> arms, int skip) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < arms.size(); i++) {
      if (i != skip) {
        out.append(", ").append(variants.get(i)).append(' ').append(percent(arms.get(i)));
      }
    }
    return out.toString();
  }

  private static String nothing(AbTestPlan plan) {
    return plan.metric() == AbTestMetric.AB_TEST_METRIC_DELIVERY
        ? "no message of the sample was queued"
        : "no message of the sample was delivered";
  }

  static double rate(AbTestArm arm) {
    return arm.getTrials() == 0 ? 0 : (double) arm.getSuccesses() / arm.getTrials();
  }

  private static String percent(AbTestArm arm) {
    return String.format(
        Locale.ROOT, "%.1f%% (%d of %d)", 100 * rate(arm), arm.getSuccesses(), arm.getTrials());
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.3g", value);
  }

  /** The metric as a sentence names it. */
  public static String metric(AbTestMetric metric) {
    return switch (metric) {
      case AB_TEST_METRIC_CONVERSIONS -> "conversions";
      case AB_TEST_METRIC_DELIVERY -> "delivery";
      default -> "clicks";
    };
  }
}
