package dev.relais.scheduler.campaign.abtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The statistics against reference values. The p-values are R's {@code prop.test(c(s1, s2), c(n1,
 * n2), correct = FALSE)$p.value}, computed independently as erfc(|z| / sqrt 2) and cross-checked
 * with the chi-square identity p = P(chi2_1 > X^2), X^2 being Pearson's statistic of the 2x2 table
 * integrated numerically: both agree to 12 digits. The probabilities to beat the control were
 * computed by the closed form and cross-checked by a trapezoid integration of the Beta densities
 * (200,000 steps): both agree to 8 digits.
 */
class ProportionTestTest {

  @Test
  void zTestPValuesAreThoseOfRsPropTestWithoutContinuityCorrection() {
    // prop.test(c(80, 120), c(1000, 1000), correct = FALSE): X-squared = 8.8889
    assertThat(ProportionTest.zTestPValue(80, 1000, 120, 1000))
        .isCloseTo(0.00286911279208, within(1e-12));
    // prop.test(c(45, 52), c(500, 500), correct = FALSE): X-squared = 0.55942
    assertThat(ProportionTest.zTestPValue(45, 500, 52, 500))
        .isCloseTo(0.454494751586, within(1e-11));
    // prop.test(c(10, 25), c(200, 210), correct = FALSE): X-squared = 6.2551
    assertThat(ProportionTest.zTestPValue(10, 200, 25, 210))
        .isCloseTo(0.012383928522, within(1e-11));
    // prop.test(c(150, 100), c(1200, 1100), correct = FALSE): X-squared = 6.8847
    assertThat(ProportionTest.zTestPValue(150, 1200, 100, 1100))
        .isCloseTo(0.00869366255903, within(1e-12));
    // prop.test(c(0, 3), c(100, 100), correct = FALSE): X-squared = 3.0457
    assertThat(ProportionTest.zTestPValue(0, 100, 3, 100))
        .isCloseTo(0.0809519437774, within(1e-12));
  }

  @Test
  void theZTestIsSymmetricAndOneWhenTheRatesCannotDiffer() {
    assertThat(ProportionTest.zTestPValue(120, 1000, 80, 1000))
        .isEqualTo(ProportionTest.zTestPValue(80, 1000, 120, 1000));
    // prop.test(c(30, 30), c(100, 100), correct = FALSE): X-squared = 0, p-value = 1
    assertThat(ProportionTest.zTestPValue(30, 100, 30, 100)).isEqualTo(1.0);
    // R gives NaN for these: nothing to compare.
    assertThat(ProportionTest.zTestPValue(0, 100, 0, 100)).isEqualTo(1.0);
    assertThat(ProportionTest.zTestPValue(100, 100, 50, 50)).isEqualTo(1.0);
    assertThat(ProportionTest.zTestPValue(0, 0, 5, 10)).isEqualTo(1.0);
  }

  @Test
  void probabilitiesToBeatTheControlAreThoseOfTheBetaPosteriors() {
    assertThat(ProportionTest.probabilityToBeat(80, 1000, 120, 1000))
        .isCloseTo(0.998571008049, within(1e-10));
    assertThat(ProportionTest.probabilityToBeat(45, 500, 52, 500))
        .isCloseTo(0.771625187168, within(1e-10));
    assertThat(ProportionTest.probabilityToBeat(10, 200, 25, 210))
        .isCloseTo(0.993741547393, within(1e-10));
    assertThat(ProportionTest.probabilityToBeat(5, 20, 9, 20))
        .isCloseTo(0.901445831192, within(1e-10));
    assertThat(ProportionTest.probabilityToBeat(30, 100, 30, 100)).isCloseTo(0.5, within(1e-10));
  }

  @Test
  void theProbabilityToBeatIsTheComplementTheOtherWayRound() {
    assertThat(
            ProportionTest.probabilityToBeat(45, 500, 52, 500)
                + ProportionTest.probabilityToBeat(52, 500, 45, 500))
        .isCloseTo(1.0, within(1e-10));
  }

  @Test
  void moreSuccessesThanTrialsAreRefused() {
    assertThatThrownBy(() -> ProportionTest.zTestPValue(11, 10, 1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("11 of 10");
  }
}
