package dev.relais.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.relais.operator.autoscale.ScalingPlan.Step;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The order of replica and TPS changes keeps the route's TPS sum within its maximum throughout. */
class ScalingPlanTest {

  private static final List<Integer> MAX_TPS =
      Stream.concat(
              IntStream.rangeClosed(1, 60).boxed(), Stream.of(97, 100, 333, 1000, 1500, 100_000))
          .toList();

  private static int share(int maxTps, int replicas) {
    return DispatchReplicaCalculator.perReplicaTps(maxTps, replicas);
  }

  /**
   * Highest TPS sum while moving from one state to the next: pods at both TPS values run side by
   * side during a rolling TPS change, and pods come or go one at a time during a replica change.
   */
  private static long peakDuring(int fromReplicas, int fromTps, Step to) {
    if (fromReplicas == 0) {
      return to.tpsSum();
    }
    if (to.replicas() == 0) {
      return (long) fromReplicas * fromTps;
    }
    return (long) Math.max(fromReplicas, to.replicas()) * Math.max(fromTps, to.perReplicaTps());
  }

  /** Checks every step and every transition; returns the highest sum seen. */
  private static long walk(int from, int appliedTps, int to, int maxTps, ScalingPlan plan) {
    int replicas = from;
    int tps = appliedTps;
    long peak = (long) from * appliedTps;
    for (Step step : plan.steps()) {
      boolean bothChange = step.replicas() != replicas && step.perReplicaTps() != tps;
      assertThat(bothChange && replicas != 0 && step.replicas() != 0)
          .as("step %s from %d x %d changes replicas and TPS at once", step, replicas, tps)
          .isFalse();
      peak = Math.max(peak, peakDuring(replicas, tps, step));
      replicas = step.replicas();
      tps = step.perReplicaTps();
    }
    assertThat(replicas).as("plan %d -> %d ends at the target count", from, to).isEqualTo(to);
    assertThat(tps)
        .as("plan %d -> %d ends at the target share", from, to)
        .isEqualTo(share(maxTps, to));
    return peak;
  }

  @Test
  void noTransitionBetweenRouteSharesEverExceedsTheRouteMaximum() {
    int plans = 0;
    for (int maxTps : MAX_TPS) {
      for (int from = 0; from <= 20; from++) {
        for (int to = 0; to <= 20; to++) {
          if (from > maxTps || to > maxTps) {
            continue; // the calculator never runs more replicas than the route has TPS
          }
          ScalingPlan plan = ScalingPlan.between(from, to, maxTps);
          long peak = walk(from, share(maxTps, from), to, maxTps, plan);
          assertThat(peak)
              .as("%d -> %d at maxTps %d: %s", from, to, maxTps, plan)
              .isLessThanOrEqualTo(maxTps);
          plans++;
        }
      }
    }
    assertThat(plans).isGreaterThan(10_000);
  }

  @Test
  void afterAMaxTpsChangeNoStepExceedsTheNewMaximumOrWhatRanBefore() {
    // The replicas still run at the share of the route's previous maxTps.
    for (int maxTps = 1; maxTps <= 40; maxTps++) {
      for (int from = 0; from <= 20; from++) {
        for (int applied = 1; applied <= 60; applied++) {
          for (int to = 0; to <= Math.min(20, maxTps); to++) {
            ScalingPlan plan = ScalingPlan.between(from, applied, to, maxTps);
            long start = (long) from * applied;
            long peak = walk(from, applied, to, maxTps, plan);
            assertThat(peak)
                .as("%d x %d -> %d at maxTps %d: %s", from, applied, to, maxTps, plan)
                .isLessThanOrEqualTo(Math.max(start, maxTps));
          }
        }
      }
    }
  }

  @Test
  void scalingUpLowersTheTpsOfTheExistingReplicasFirst() {
    assertThat(ScalingPlan.between(2, 4, 1000).steps())
        .extracting(Step::replicas, Step::perReplicaTps)
        .containsExactly(tuple(2, 250), tuple(4, 250));
  }

  @Test
  void scalingDownRaisesTheTpsOnlyAfterTheReplicasAreGone() {
    List<Step> steps = ScalingPlan.between(4, 2, 1000).steps();

    assertThat(steps)
        .extracting(Step::replicas, Step::perReplicaTps)
        .containsExactly(tuple(2, 250), tuple(2, 500));
    assertThat(steps.get(0).why()).isEqualTo("change replicas at the current TPS first");
    assertThat(steps.get(1).why()).isEqualTo("then raise the TPS to the new share");
  }

  @Test
  void aLoweredMaxTpsWhileScalingDownShrinksTheSharesBeforeAnythingElse() {
    // 4 replicas at 25 (maxTps was 100), maxTps now 40, target 2 replicas at 20.
    assertThat(ScalingPlan.between(4, 25, 2, 40).steps())
        .extracting(Step::replicas, Step::perReplicaTps)
        .containsExactly(tuple(4, 10), tuple(2, 10), tuple(2, 20));
  }

  @Test
  void fromOrToZeroReplicasIsOneStep() {
    assertThat(ScalingPlan.between(0, 4, 1000).steps())
        .containsExactly(new Step(4, 250, "start replicas at their share"));
    assertThat(ScalingPlan.between(4, 0, 1000).steps())
        .containsExactly(new Step(0, 1000, "stop every replica"));
  }

  @Test
  void nothingToDoIsAnEmptyPlan() {
    assertThat(ScalingPlan.between(3, 3, 1000).isEmpty()).isTrue();
    assertThat(ScalingPlan.between(3, 400, 3, 1000).steps())
        .containsExactly(new Step(3, 333, "apply route share of maxTps 1000"));
  }

  @Test
  void refusesNegativeReplicasAndAZeroTps() {
    assertThatThrownBy(() -> ScalingPlan.between(-1, 2, 10)).hasMessageContaining("replicas");
    assertThatThrownBy(() -> ScalingPlan.between(1, 0, 2, 10)).hasMessageContaining("TPS");
  }
}
