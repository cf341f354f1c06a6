package dev.relais.scheduler.campaign.abtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.relais.proto.scheduler.v1.AbTestArm;
import dev.relais.proto.scheduler.v1.AbTestMethod;
import dev.relais.proto.scheduler.v1.AbTestMetric;
import dev.relais.proto.scheduler.v1.AbTestStatus;
import dev.relais.scheduler.campaign.StableNumberHash;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decision: a conclusive winner, and the fallback (or the control) otherwise. */
class AbTestDecisionTest {

  private static final Instant DECIDE_AT = Instant.parse("2026-11-17T11:00:00Z");

  private static AbTestPlan plan(AbTestMethod method, double confidence, int fallback) {
    return new AbTestPlan(
        AbTestMetric.AB_TEST_METRIC_CLICKS,
        method,
        confidence,
        DECIDE_AT,
        fallback,
        100_000,
        new StableNumberHash("ab-sample/shop/x"));
  }

  private static AbTestArm arm(String name, long successes, long trials) {
    return AbTestArm.newBuilder()
        .setVariant(name)
        .setSuccesses(successes)
        .setTrials(trials)
        .build();
  }

  @Test
  void aZTestBelowItsThresholdSendsTheBestVariant() {
    // prop.test(c(80, 120), c(1000, 1000), correct = FALSE)$p.value = 0.00286911279208
    AbTestStatus status =
        AbTestDecision.decide(
                plan(AbTestMethod.AB_TEST_METHOD_Z_TEST, 0.95, 0),
                List.of("a", "b"),
                List.of(arm("a", 80, 1000), arm("b", 120, 1000)),
                null)
            .build();
    assertThat(status.getWinner()).isEqualTo("b");
    assertThat(status.getConclusive()).isTrue();
    assertThat(status.getPValue()).isCloseTo(0.00286911279208, within(1e-12));
    assertThat(status.getProbabilityToBeatControl()).isZero();
    assertThat(status.getReason())
        .isEqualTo(
            "b beats a on clicks: b 12.0% (120 of 1000) against a 8.0% (80 of 1000), p = 0.00287"
                + " < 0.0500");
    assertThat(status.getArmsList()).hasSize(2);
  }

  @Test
  void anInconclusiveZTestSendsTheFallbackElseTheControl() {
    // prop.test(c(45, 52), c(500, 500), correct = FALSE)$p.value = 0.454494751586
    List<AbTestArm> arms = List.of(arm("a", 45, 500), arm("b", 52, 500), arm("c", 40, 500));
    AbTestStatus fallback =
        AbTestDecision.decide(
                plan(AbTestMethod.AB_TEST_METHOD_Z_TEST, 0.95, 2),
                List.of("a", "b", "c"),
                arms,
                null)
            .build();
    assertThat(fallback.getWinner()).isEqualTo("c");
    assertThat(fallback.getConclusive()).isFalse();
    assertThat(fallback.getPValue()).isCloseTo(0.454494751586, within(1e-11));
    assertThat(fallback.getReason())
        .isEqualTo(
            "inconclusive on clicks: b 10.4% (52 of 500) against a 9.0% (45 of 500), p = 0.454"
                + " >= 0.0500; sending the fallback c");
    AbTestStatus control =
        AbTestDecision.decide(
                plan(AbTestMethod.AB_TEST_METHOD_Z_TEST, 0.95, 0),
                List.of("a", "b", "c"),
                arms,
                null)
            .build();
    assertThat(control.getWinner()).isEqualTo("a");
    assertThat(control.getReason()).endsWith("; sending the control a");
  }

  @Test
  void aControlThatIsBestIsNotBeaten() {
    AbTestStatus status =
        AbTestDecision.decide(
                plan(AbTestMethod.AB_TEST_METHOD_Z_TEST, 0.95, 1),
                List.of("a", "b"),
                List.of(arm("a", 150, 1200), arm("b", 100, 1100)),
                null)
            .build();
    assertThat(status.getWinner()).isEqualTo("b");
    assertThat(status.getConclusive()).isFalse();
    assertThat(status.getReason())
        .isEqualTo(
            "no variant beats the control a on clicks: a 12.5% (150 of 1200), b 9.1% (100 of"
                + " 1100); sending the fallback b");
  }

  @Test
  void noDataOrAnUnmeasurableMetricFallsBack() {
    AbTestPlan plan = plan(AbTestMethod.AB_TEST_METHOD_Z_TEST, 0.95, 0);
    AbTestStatus empty =
        AbTestDecision.decide(
                plan, List.of("a", "b"), List.of(arm("a", 0, 0), arm("b", 0, 0)), null)
            .build();
    assertThat(empty.getWinner()).isEqualTo("a");
    assertThat(empty.getConclusive()).isFalse();
    assertThat(empty.getReason())
        .isEqualTo(
            "no figures to decide on clicks: no message of the sample was delivered; sending the"
                + " control a");
    AbTestStatus aggregate =
        AbTestDecision.decide(
                plan,
                List.of("a", "b"),
                List.of(arm("a", 0, 100), arm("b", 0, 100)),
                "the links service counts clicks in aggregate only")
            .build();
    assertThat(aggregate.getWinner()).isEqualTo("a");
    assertThat(aggregate.getReason())
        .isEqualTo(
            "clicks cannot decide: the links service counts clicks in aggregate only; sending the"
                + " control a");
  }

  @Test
  void theBayesianMethodComparesTheProbabilityToBeatWithTheConfidence() {
    List<AbTestArm> arms = List.of(arm("a", 10, 200), arm("b", 25, 210));
    // P(b > a) = 0.993741547393 under Beta(1 + s, 1 + f) posteriors.
    AbTestStatus at99 =
        AbTestDecision.decide(
                plan(AbTestMethod.AB_TEST_METHOD_BAYESIAN, 0.99, 0), List.of("a", "b"), arms, null)
            .build();
    assertThat(at99.getWinner()).isEqualTo("b");
    assertThat(at99.getConclusive()).isTrue();
    assertThat(at99.getProbabilityToBeatControl()).isCloseTo(0.993741547393, within(1e-10));
    assertThat(at99.getPValue()).isZero();
    assertThat(at99.getReason())
        .isEqualTo(
            "b beats a on clicks: b 11.9% (25 of 210) against a 5.0% (10 of 200), probability to"
                + " beat a 0.994 >= 0.990");
    AbTestStatus at995 =
        AbTestDecision.decide(
                plan(AbTestMethod.AB_TEST_METHOD_BAYESIAN, 0.995, 0), List.of("a", "b"), arms, null)
            .build();
    assertThat(at995.getWinner()).isEqualTo("a");
    assertThat(at995.getConclusive()).isFalse();
  }
}
