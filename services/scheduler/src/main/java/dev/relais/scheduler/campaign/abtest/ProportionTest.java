package dev.relais.scheduler.campaign.abtest;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Erf;

/**
 * The statistics of an A/B test's decision, on two proportions (a control's successes of trials,
 * and a challenger's): both are deterministic, so the same figures always give the same decision.
 */
public final class ProportionTest {

  private ProportionTest() {}

  /**
   * The two-sided p-value of the two-proportion z-test with pooled variance and no continuity
   * correction: what R's {@code prop.test(c(s1, s2), c(n1, n2), correct = FALSE)$p.value} gives.
   * With z = (s2/n2 - s1/n1) / sqrt(p (1 - p) (1/n1 + 1/n2)) and p = (s1 + s2) / (n1 + n2), the
   * p-value is erfc(|z| / sqrt 2). 1 when the proportions cannot differ (no trials on a side, or
   * pooled rate 0 or 1).
   */
  public static double zTestPValue(long s1, long n1, long s2, long n2) {
    check(s1, n1);
    check(s2, n2);
    if (n1 == 0 || n2 == 0) {
      return 1;
    }
    double pooled = (double) (s1 + s2) / (n1 + n2);
    double variance = pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2);
    if (variance <= 0) {
      return 1;
    }
    double z = ((double) s2 / n2 - (double) s1 / n1) / Math.sqrt(variance);
    return Erf.erfc(Math.abs(z) / Math.sqrt(2));
  }

  /**
   * The probability that the challenger's rate is above the control's, their rates having Beta(1 +
   * successes, 1 + failures) posteriors (uniform priors). Exact, by the closed form for integer
   * parameters: with (a1, b1) the control's and (a2, b2) the challenger's parameters, P = sum over
   * i in 0..a2-1 of B(a1 + i, b1 + b2) / ((b2 + i) B(1 + i, b2) B(a1, b1)), each term taken in
   * logarithms. Costs a2 = 1 + successes terms.
   */
  public static double probabilityToBeat(long s1, long n1, long s2, long n2) {
    check(s1, n1);
    check(s2, n2);
    double a1 = 1 + s1;
    double b1 = 1 + n1 - s1;
    double a2 = 1 + s2;
    double b2 = 1 + n2 - s2;
    double sum = 0;
    double control = Beta.logBeta(a1, b1);
    for (long i = 0; i < a2; i++) {
      sum +=
          Math.exp(
              Beta.logBeta(a1 + i, b1 + b2) - Math.log(b2 + i) - Beta.logBeta(1 + i, b2) - control);
    }
    return Math.min(1, Math.max(0, sum));
  }

  private static void check(long successes, long trials) {
    if (successes < 0 || trials < 0 || successes > trials) {
      throw new IllegalArgumentException(
          "successes must be between 0 and the trials: " + successes + " of " + trials);
    }
  }
}
