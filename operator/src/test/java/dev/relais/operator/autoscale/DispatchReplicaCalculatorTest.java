package dev.relais.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.operator.autoscale.Decision.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One evaluation at a time: what the calculator decides and how it says why. */
class DispatchReplicaCalculatorTest {

  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  private static final Duration DRAIN = Duration.ofSeconds(300);

  private final DispatchReplicaCalculator calculator = new DispatchReplicaCalculator();

  private static RouteScalingBounds bounds(int min, int max, int maxTps) {
    return new RouteScalingBounds(min, max, DRAIN, 2, OptionalInt.empty(), maxTps);
  }

  private static RouteScalingBounds withQuota(int min, int max, int quota, int maxTps) {
    return new RouteScalingBounds(min, max, DRAIN, 2, OptionalInt.of(quota), maxTps);
  }

  /** A route whose queue has been backlogged for two minutes at {@code replicas} replicas. */
  private static ScalingState backlogged(int replicas) {
    return new ScalingState(
        List.of(),
        OptionalDouble.empty(),
        replicas,
        Instant.MIN,
        Optional.of(T0.minusSeconds(120)));
  }

  private static QueueObservation seen(long depth, double rate, int replicas, Instant at) {
    return new QueueObservation(depth, rate, replicas, at);
  }

  @Test
  void emptyQueueAtMinReplicasStaysThere() {
    Decision d = calculator.decide(seen(0, 0, 1, T0), bounds(1, 4, 1000), ScalingState.initial());

    assertThat(d.replicas()).isEqualTo(1);
    assertThat(d.change()).isEqualTo(Change.STEADY);
    assertThat(d.perReplicaTps()).isEqualTo(1000);
    assertThat(d.reason()).isEqualTo("steady at 1: queue empty; raised to minReplicas 1");
  }

  @Test
  void scalesUpToDrainTheDepthWithinTheTargetAtTheMeasuredRate() {
    // 2 replicas drain 100 msg/s each: 120000 messages in 300 s need 4.
    Decision d = calculator.decide(seen(120_000, 200, 2, T0), bounds(1, 10, 1000), backlogged(2));

    assertThat(d.replicas()).isEqualTo(4);
    assertThat(d.change()).isEqualTo(Change.SCALE_UP);
    assertThat(d.perReplicaTps()).isEqualTo(250);
    assertThat(d.reason())
        .isEqualTo(
            "scale-up to 4: depth 120000 needs 4 replicas to drain in 300s at 100 msg/s per"
                + " replica (measured)");
  }

  @ParameterizedTest(name = "{0} replicas step up to at most {1}")
  @CsvSource({"0, 4", "1, 5", "2, 6", "4, 8", "8, 16", "20, 40"})
  void aScaleUpStepDoublesOrAddsFour(int current, int step) {
    // 1 msg/s per replica asks for far more replicas than any step allows.
    Decision d =
        calculator.decide(
            seen(10_000_000, current, current, T0), bounds(0, 1000, 100_000), backlogged(current));

    assertThat(d.replicas()).isEqualTo(step);
    assertThat(d.desiredReplicas()).isGreaterThan(step);
    assertThat(d.reason()).contains("at most double or +4 per step");
  }

  @Test
  void withNothingMeasuredTheNominalRateIsAssumedButNeverAboveTheRouteTps() {
    Decision d =
        calculator.decide(seen(60_000, 0, 0, T0), bounds(0, 10, 50), ScalingState.initial());

    // 50 msg/s (the route's whole TPS, below the 100 nominal): 60000 in 300 s needs 4, but one
    // replica already can use the route's 50 TPS.
    assertThat(d.replicas()).isEqualTo(1);
    assertThat(d.reason())
        .contains("needs 4 replicas to drain in 300s at 50 msg/s per replica (nominal")
        .contains("capped at 1: route maxTps 50 leaves no work for more at that rate");
  }

  @Test
  void replicasThatDrainNothingAreAssumedToRunAtTheNominalRate() {
    Decision d = calculator.decide(seen(90_000, 0, 1, T0), bounds(1, 10, 1000), backlogged(1));

    assertThat(d.replicas()).isEqualTo(3);
    assertThat(d.reason()).contains("at 100 msg/s per replica (nominal; nothing measured yet)");
  }

  @Test
  void aWaitingMessageWakesAnIdleRouteScaledToZero() {
    Decision d = calculator.decide(seen(1, 0, 0, T0), bounds(0, 4, 1000), ScalingState.initial());

    assertThat(d.replicas()).isEqualTo(1);
    assertThat(d.change()).isEqualTo(Change.SCALE_UP);
    assertThat(d.perReplicaTps()).isEqualTo(1000);
  }

  @Test
  void neverMoreReplicasThanTheRouteTpsCanUse() {
    // Each replica drains 300 msg/s on its own: 4 of them use the route's 1000 TPS.
    Decision d = calculator.decide(seen(5_000_000, 600, 2, T0), bounds(1, 20, 1000), backlogged(2));

    assertThat(d.replicas()).isEqualTo(4);
    assertThat(d.reason()).contains("capped at 4: route maxTps 1000 leaves no work for more");
  }

  @Test
  void replicasDrainingAtTheirTpsShareGetNoCompany() {
    // 2 replicas limited to 500 TPS each drain 475 msg/s (a limiter runs a little under its
    // rate): they use the route's 1000, and a third replica would only split it.
    Decision d = calculator.decide(seen(5_000_000, 950, 2, T0), bounds(1, 20, 1000), backlogged(2));

    assertThat(d.replicas()).isEqualTo(2);
    assertThat(d.change()).isEqualTo(Change.STEADY);
    assertThat(d.reason())
        .contains("capped at 2: they already drain at route maxTps 1000, more would only split it");
  }

  @Test
  void maxReplicasCapsTheCount() {
    Decision d =
        calculator.decide(seen(5_000_000, 100, 2, T0), bounds(1, 3, 100_000), backlogged(2));

    assertThat(d.replicas()).isEqualTo(3);
    assertThat(d.reason()).endsWith("; capped by maxReplicas 3");
  }

  @Test
  void theCarrierSessionQuotaCapsReplicasTimesSessions() {
    Decision d =
        calculator.decide(seen(5_000_000, 100, 2, T0), withQuota(1, 10, 8, 100_000), backlogged(2));

    assertThat(d.replicas()).isEqualTo(4);
    assertThat(d.reason())
        .endsWith("; capped by carrier session quota (8 sessions / 2 per replica)");
  }

  @Test
  void theSessionQuotaWinsOverMinReplicasAndScalesDownAtOnce() {
    RouteScalingBounds conflict = withQuota(5, 10, 8, 1000);

    Decision d = calculator.decide(seen(0, 0, 6, T0), conflict, ScalingState.initial());

    // No stabilisation: running 6 replicas (12 binds) already breaks the carrier's quota.
    assertThat(d.replicas()).isEqualTo(4);
    assertThat(d.change()).isEqualTo(Change.SCALE_DOWN);
    assertThat(d.reason())
        .isEqualTo(
            "scale-down to 4: queue empty; raised to minReplicas 5; capped by carrier session quota"
                + " (8 sessions / 2 per replica) (wins over minReplicas 5)");
  }

  @Test
  void aQuotaBelowOneReplicasSessionsLeavesTheRouteWithoutReplicas() {
    Decision d =
        calculator.decide(seen(1000, 0, 0, T0), withQuota(1, 10, 1, 1000), ScalingState.initial());

    assertThat(d.replicas()).isZero();
    assertThat(d.reason())
        .contains("capped by carrier session quota (1 sessions / 2 per replica)")
        .contains("wins over minReplicas 1");
  }

  @Test
  void neverMoreReplicasThanTheRouteHasTps() {
    // Replicas draining 0.1 msg/s each would want hundreds; a dispatcher reads TPS 0 as "no
    // limit", so each replica needs at least 1 of the route's 3.
    Decision d = calculator.decide(seen(1_000_000, 0.2, 2, T0), bounds(0, 10, 3), backlogged(2));

    assertThat(d.replicas()).isEqualTo(3);
    assertThat(d.perReplicaTps()).isEqualTo(1);
    assertThat(d.reason())
        .endsWith("; capped by route maxTps 3 (each replica needs at least 1 TPS)");
  }

  @Test
  void aScaleDownWaitsUntilEveryHigherRecommendationLeftTheWindow() {
    RouteScalingBounds b = bounds(1, 10, 1000);
    Decision busy = calculator.decide(seen(120_000, 400, 4, T0), b, backlogged(4));
    assertThat(busy.replicas()).isEqualTo(4);

    Decision held = calculator.decide(seen(0, 0, 4, T0.plusSeconds(15)), b, busy.state());
    assertThat(held.change()).isEqualTo(Change.HELD);
    assertThat(held.replicas()).isEqualTo(4);
    assertThat(held.desiredReplicas()).isEqualTo(1);
    assertThat(held.reason())
        .isEqualTo(
            "held at 4: stabilising scale-down until 2026-11-23T09:05:00Z: queue empty; raised to"
                + " minReplicas 1");

    Decision stillHeld = calculator.decide(seen(0, 0, 4, T0.plusSeconds(299)), b, held.state());
    assertThat(stillHeld.replicas()).isEqualTo(4);

    Decision down = calculator.decide(seen(0, 0, 4, T0.plusSeconds(300)), b, stillHeld.state());
    assertThat(down.change()).isEqualTo(Change.SCALE_DOWN);
    assertThat(down.replicas()).isEqualTo(1);
    assertThat(down.perReplicaTps()).isEqualTo(1000);
    assertThat(down.reason())
        .startsWith("scale-down to 1 (no higher recommendation in the last 300s)");
  }

  @Test
  void aScaleDownStopsAtTheHighestRecommendationStillInTheWindow() {
    RouteScalingBounds b = bounds(1, 10, 1000);
    Decision d = calculator.decide(seen(240_000, 800, 8, T0), b, backlogged(8));
    assertThat(d.replicas()).isEqualTo(8);
    d = calculator.decide(seen(90_000, 800, 8, T0.plusSeconds(100)), b, d.state());
    assertThat(d.desiredReplicas()).isEqualTo(3);

    d = calculator.decide(seen(0, 0, 8, T0.plusSeconds(300)), b, d.state());

    assertThat(d.replicas()).isEqualTo(3);
    d = calculator.decide(seen(0, 0, 3, T0.plusSeconds(400)), b, d.state());
    assertThat(d.replicas()).isEqualTo(1);
  }

  @Test
  void withoutHistoryTheCurrentCountHoldsForOneWindow() {
    // An operator restart loses the state: it must not read that as permission to scale down.
    Decision d = calculator.decide(seen(0, 0, 6, T0), bounds(0, 10, 1000), ScalingState.initial());

    assertThat(d.change()).isEqualTo(Change.HELD);
    assertThat(d.replicas()).isEqualTo(6);
    assertThat(d.reason()).contains("until 2026-11-23T09:05:00Z");
  }

  @Test
  void afterAScaleUpTheNextWaitsForTheAddedReplicasToShowInTheRate() {
    RouteScalingBounds b = bounds(0, 40, 100_000);
    Decision first = calculator.decide(seen(3_000_000, 0, 0, T0), b, ScalingState.initial());
    assertThat(first.replicas()).isEqualTo(4);

    // The new replicas have just started: their rate says little about their pace.
    Decision early =
        calculator.decide(seen(3_000_000, 40, 4, T0.plusSeconds(15)), b, first.state());
    assertThat(early.replicas()).isEqualTo(4);
    assertThat(early.reason())
        .contains(
            "more wait until the drain rate covers the replicas just added (2026-11-23T09:01:30Z)");

    Decision settled =
        calculator.decide(seen(3_000_000, 400, 4, T0.plusSeconds(90)), b, early.state());
    assertThat(settled.replicas()).isEqualTo(8);
    assertThat(settled.reason()).contains("at 100 msg/s per replica (measured)");
  }

  @Test
  void aRateMeasuredWhileTheQueueRanDryIsNotTakenForThePace() {
    RouteScalingBounds b = bounds(1, 20, 100_000);
    // A burst just arrived; over the last minute the 2 replicas had almost nothing to do.
    Decision d = calculator.decide(seen(90_000, 10, 2, T0), b, ScalingState.initial());

    assertThat(d.replicas()).isEqualTo(3);
    assertThat(d.reason()).contains("at 100 msg/s per replica (nominal; nothing measured yet)");
    assertThat(d.state().settledReplicaRate()).isEmpty();
  }

  @Test
  void aPaceMeasuredWhileBackloggedIsRememberedForIdleTimes() {
    RouteScalingBounds b = bounds(0, 20, 100_000);
    Decision busy = calculator.decide(seen(30_000, 500, 2, T0), b, backlogged(2));
    assertThat(busy.state().settledReplicaRate()).hasValue(250.0);

    Decision idle = calculator.decide(seen(150_000, 0, 2, T0.plusSeconds(15)), b, busy.state());

    assertThat(idle.replicas()).isEqualTo(2);
    assertThat(idle.reason())
        .contains(
            "needs 2 replicas to drain in 300s at 250 msg/s per replica (last measured while messages waited)");
  }

  @Test
  void theDecidedTpsIsTheRouteShareOfTheDecidedReplicas() {
    Decision d =
        calculator.decide(seen(5_000_000, 0, 0, T0), bounds(0, 10, 1000), ScalingState.initial());

    assertThat(d.perReplicaTps())
        .isEqualTo(DispatchReplicaCalculator.perReplicaTps(1000, d.replicas()))
        .isEqualTo(250);
  }

  @ParameterizedTest(name = "maxTps {0} over {1} replicas: {2} each")
  @CsvSource({
    "1000, 0, 1000",
    "1000, 1, 1000",
    "1000, 3, 333",
    "1000, 7, 142",
    "5, 5, 1",
    "3, 5, 1"
  })
  void perReplicaTpsSharesTheRouteMaximum(int maxTps, int replicas, int share) {
    assertThat(DispatchReplicaCalculator.perReplicaTps(maxTps, replicas)).isEqualTo(share);
  }

  @Test
  void perReplicaTpsNeverSumsAboveTheRouteWhileReplicasHaveTpsToShare() {
    for (int maxTps = 1; maxTps <= 200; maxTps++) {
      for (int replicas = 1; replicas <= maxTps && replicas <= 50; replicas++) {
        long sum = (long) replicas * DispatchReplicaCalculator.perReplicaTps(maxTps, replicas);
        assertThat(sum)
            .as("%d replicas at maxTps %d", replicas, maxTps)
            .isBetween(1L, (long) maxTps);
      }
    }
  }

  @Test
  void badInputIsRefusedWithAReadableMessage() {
    assertThatThrownBy(() -> seen(-1, 0, 0, T0)).hasMessageContaining("queue depth");
    assertThatThrownBy(() -> seen(0, Double.NaN, 0, T0)).hasMessageContaining("drain rate");
    assertThatThrownBy(() -> seen(0, 0, -1, T0)).hasMessageContaining("replicas");
    assertThatThrownBy(() -> DispatchReplicaCalculator.perReplicaTps(0, 1))
        .hasMessageContaining("maxTps");
    assertThatThrownBy(
            () -> new DispatchReplicaCalculator.Settings(0, DRAIN, DRAIN, DRAIN, 0.9, 4, 2))
        .hasMessageContaining("nominal");
  }
}
