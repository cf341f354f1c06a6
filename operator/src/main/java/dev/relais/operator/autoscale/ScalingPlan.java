package dev.relais.operator.autoscale;

import java.util.ArrayList;
import java.util.List;

/**
 * The order in which a route's dispatch Deployment moves from one replica count and per-replica TPS
 * to another so that the sum of the TPS of the running replicas never exceeds the route maximum.
 *
 * <p>The rule: lower the per-replica TPS of the existing replicas BEFORE adding replicas, and raise
 * it only AFTER the removed replicas are gone. Each step changes either the replica count or the
 * TPS, never both (except from or to zero replicas, when no replica runs on one side). Apply a
 * step, then wait until it is complete before the next: a new TPS has reached every running
 * replica, and replicas being removed have terminated (not merely been asked to: a terminating
 * dispatcher may still submit during its grace period).
 *
 * <p>When the TPS is part of the pod template (an environment variable), changing it rolls the
 * pods: the Deployment must then roll with {@code maxSurge: 0}, or a surge pod at one TPS would run
 * beside every old pod at the other.
 *
 * @param steps states to apply in order; empty when there is nothing to change
 */
public record ScalingPlan(List<Step> steps) {

  /**
   * One state of the Deployment to reach before the next step.
   *
   * @param replicas dispatch replicas
   * @param perReplicaTps TPS limit of each of them
   * @param why what the step is for, for logs and Events
   */
  public record Step(int replicas, int perReplicaTps, String why) {

    /** Sum of the TPS of the replicas once the step is complete. */
    public long tpsSum() {
      return (long) replicas * perReplicaTps;
    }
  }

  public ScalingPlan {
    steps = List.copyOf(steps);
  }

  /**
   * Plan from {@code fromReplicas} replicas running at the TPS the route share gives them, to
   * {@code toReplicas} replicas at theirs.
   */
  public static ScalingPlan between(int fromReplicas, int toReplicas, int routeMaxTps) {
    return between(
        fromReplicas,
        DispatchReplicaCalculator.perReplicaTps(routeMaxTps, fromReplicas),
        toReplicas,
        routeMaxTps);
  }

  /**
   * Plan from {@code fromReplicas} replicas running at {@code appliedTps} each (read from the
   * Deployment: it differs from the share when the route's maxTps was just changed), to {@code
   * toReplicas} replicas at {@link DispatchReplicaCalculator#perReplicaTps}. When the start is
   * within the route maximum, no step exceeds it; otherwise no step exceeds the start, and the plan
   * ends within the maximum ({@code toReplicas <= routeMaxTps}, as the calculator decides).
   */
  public static ScalingPlan between(
      int fromReplicas, int appliedTps, int toReplicas, int routeMaxTps) {
    if (fromReplicas < 0 || toReplicas < 0) {
      throw new IllegalArgumentException(
          "replicas must not be negative: " + fromReplicas + " -> " + toReplicas);
    }
    if (appliedTps < 1) {
      throw new IllegalArgumentException("applied TPS must be at least 1: " + appliedTps);
    }
    int target = DispatchReplicaCalculator.perReplicaTps(routeMaxTps, toReplicas);
    List<Step> steps = new ArrayList<>();
    if (fromReplicas == toReplicas) {
      if (target != appliedTps) {
        steps.add(new Step(toReplicas, target, "apply route share of maxTps " + routeMaxTps));
      }
    } else if (fromReplicas == 0) {
      steps.add(new Step(toReplicas, target, "start replicas at their share"));
    } else if (toReplicas == 0) {
      steps.add(new Step(0, target, "stop every replica"));
    } else if (target > appliedTps) {
      // Fewer replicas (or a raised route maxTps): the old share is lower, so it is safe with the
      // new count; raising it first would put the remaining extra replicas over the maximum.
      steps.add(new Step(toReplicas, appliedTps, "change replicas at the current TPS first"));
      steps.add(new Step(toReplicas, target, "then raise the TPS to the new share"));
    } else if (target < appliedTps) {
      // More replicas: shrink every existing share first. The share of the current count can be
      // lower still when the route maxTps was lowered while scaling down.
      int safe =
          Math.min(target, DispatchReplicaCalculator.perReplicaTps(routeMaxTps, fromReplicas));
      steps.add(new Step(fromReplicas, safe, "lower the TPS of the existing replicas first"));
      steps.add(new Step(toReplicas, safe, "then change replicas"));
      if (safe != target) {
        steps.add(new Step(toReplicas, target, "then raise the TPS to the new share"));
      }
    } else {
      steps.add(new Step(toReplicas, target, "change replicas; the TPS share is unchanged"));
    }
    return new ScalingPlan(steps);
  }

  /** Whether the plan changes nothing. */
  public boolean isEmpty() {
    return steps.isEmpty();
  }
}
