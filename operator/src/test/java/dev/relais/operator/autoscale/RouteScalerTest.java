package dev.relais.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RouteScalerTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  // 1..4 replicas, 2 sessions each, 8 sessions allowed, route maxTps 1000.
  private static final RouteScalingBounds BOUNDS =
      new RouteScalingBounds(1, 4, Duration.ofSeconds(300), 2, OptionalInt.of(8), 1000);

  private final RouteScaler scaler = new RouteScaler(new DispatchReplicaCalculator());

  @Test
  void aScaleUpLowersTheTpsOfTheRunningReplicaBeforeAddingAny() {
    RouteScaler.Target first = scaler.evaluate("shop/orange", 1, BOUNDS, 1, 1000, true, busy(), T0);

    assertThat(first.replicas()).isEqualTo(1);
    assertThat(first.perReplicaTps()).isEqualTo(250);
    assertThat(first.desiredReplicas()).isEqualTo(4);

    // Until the lowered share has reached the replica, nothing more happens.
    RouteScaler.Target waiting =
        scaler.evaluate("shop/orange", 1, BOUNDS, 1, 250, false, busy(), T0.plusSeconds(1));
    assertThat(waiting.replicas()).isEqualTo(1);
    assertThat(waiting.perReplicaTps()).isEqualTo(250);
    assertThat(waiting.reason()).contains("waiting");

    RouteScaler.Target second =
        scaler.evaluate("shop/orange", 1, BOUNDS, 1, 250, true, busy(), T0.plusSeconds(2));
    assertThat(second.replicas()).isEqualTo(4);
    assertThat(second.perReplicaTps()).isEqualTo(250);
  }

  @Test
  void aScaleDownRemovesReplicasBeforeRaisingTheShare() {
    RouteScalingBounds quick =
        new RouteScalingBounds(1, 4, Duration.ofSeconds(300), 2, OptionalInt.of(8), 1000);
    RouteScaler fast =
        new RouteScaler(
            new DispatchReplicaCalculator(
                new DispatchReplicaCalculator.Settings(
                    100,
                    Duration.ZERO,
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(90),
                    0.9,
                    4,
                    2)));
    Optional<RouteScaler.Stats> idle = Optional.of(new RouteScaler.Stats(0, 0));

    RouteScaler.Target first = fast.evaluate("shop/orange", 1, quick, 4, 250, true, idle, T0);
    assertThat(first.replicas()).isEqualTo(1);
    assertThat(first.perReplicaTps()).isEqualTo(250);

    RouteScaler.Target second =
        fast.evaluate("shop/orange", 1, quick, 1, 250, true, idle, T0.plusSeconds(1));
    assertThat(second.replicas()).isEqualTo(1);
    assertThat(second.perReplicaTps()).isEqualTo(1000);
  }

  @Test
  void aLoweredMaxTpsIsAppliedAtOnceEvenDuringARollout() {
    RouteScalingBounds lowered =
        new RouteScalingBounds(1, 4, Duration.ofSeconds(300), 2, OptionalInt.of(8), 400);

    RouteScaler.Target target =
        scaler.evaluate("shop/orange", 2, lowered, 2, 500, false, Optional.empty(), T0);

    assertThat(target.replicas()).isEqualTo(2);
    assertThat(target.perReplicaTps()).isEqualTo(200);
  }

  @Test
  void aSpecChangeDropsTheStepsStillPlanned() {
    scaler.evaluate("shop/orange", 1, BOUNDS, 1, 1000, true, busy(), T0);
    RouteScalingBounds fewer =
        new RouteScalingBounds(1, 1, Duration.ofSeconds(300), 2, OptionalInt.of(8), 1000);

    RouteScaler.Target target =
        scaler.evaluate("shop/orange", 2, fewer, 1, 250, true, busy(), T0.plusSeconds(1));

    // The planned step to 4 replicas is gone; one replica gets the whole route again.
    assertThat(target.replicas()).isEqualTo(1);
    assertThat(target.perReplicaTps()).isEqualTo(1000);
  }

  @Test
  void withoutFiguresReplicasStayWithinTheirBounds() {
    RouteScaler.Target above =
        scaler.evaluate("shop/orange", 1, BOUNDS, 6, 166, true, Optional.empty(), T0);
    assertThat(above.replicas()).isEqualTo(4);
    assertThat(above.reason()).contains("no queue figures");
    RouteScaler.Target steady =
        scaler.evaluate("shop/other", 1, BOUNDS, 2, 500, true, Optional.empty(), T0);
    assertThat(steady.replicas()).isEqualTo(2);
    assertThat(steady.perReplicaTps()).isEqualTo(500);
  }

  @Test
  void noStepEverExceedsTheRouteMaximum() {
    int replicas = 1;
    int tps = 1000;
    Instant now = T0;
    long[] depths = {120_000, 120_000, 500_000, 0, 0, 80_000, 0};
    RouteScaler fast =
        new RouteScaler(
            new DispatchReplicaCalculator(
                new DispatchReplicaCalculator.Settings(
                    100, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO, 0.9, 4, 2)));
    for (long depth : depths) {
      for (int i = 0; i < 4; i++) {
        now = now.plusSeconds(2);
        RouteScaler.Target target =
            fast.evaluate(
                "shop/orange",
                1,
                BOUNDS,
                replicas,
                tps,
                true,
                Optional.of(new RouteScaler.Stats(depth, replicas * 100.0)),
                now);
        assertThat((long) target.replicas() * target.perReplicaTps())
            .as("%d replicas at %d TPS", target.replicas(), target.perReplicaTps())
            .isLessThanOrEqualTo(1000);
        replicas = target.replicas();
        tps = target.perReplicaTps();
      }
    }
  }

  private static Optional<RouteScaler.Stats> busy() {
    // 120,000 queued, one replica draining 100/s: 4 replicas drain it in 300 s.
    return Optional.of(new RouteScaler.Stats(120_000, 100));
  }
}
