package dev.relais.operator.autoscale;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The autoscaling loop of the dispatch Deployments, one evaluation per route at a time: decides
 * with {@link DispatchReplicaCalculator}, then moves the Deployment one {@link ScalingPlan} step at
 * a time, each step only once the previous one is complete, so that the replicas running never
 * exceed the route's TPS in sum, during scaling too. Keeps each route's {@link ScalingState} and
 * the remaining steps in memory: after an operator restart the calculator starts afresh, which it
 * is built for (nothing scales down before a whole stabilisation window has been seen).
 */
public final class RouteScaler {

  /**
   * What the route's Deployment should run now.
   *
   * @param replicas dispatch replicas
   * @param perReplicaTps TPS limit of each
   * @param desiredReplicas what the queue asks for, before step limits and stabilisation
   * @param reason one readable sentence for the route's status
   */
  public record Target(int replicas, int perReplicaTps, int desiredReplicas, String reason) {}

  /**
   * What the route's dispatch reported.
   *
   * @param queueDepth messages queued and not yet taken
   * @param drainRate messages per second over the last minute, over all replicas
   */
  public record Stats(long queueDepth, double drainRate) {}

  private record Memory(ScalingState state, Deque<ScalingPlan.Step> remaining, long generation) {}

  private final DispatchReplicaCalculator calculator;
  private final Map<String, Memory> routes = new ConcurrentHashMap<>();

  public RouteScaler(DispatchReplicaCalculator calculator) {
    this.calculator = Objects.requireNonNull(calculator, "calculator");
  }

  /**
   * One evaluation of a route.
   *
   * @param route a stable key of the route (namespace/name)
   * @param generation the route's metadata.generation: a spec change drops the steps still planned
   * @param bounds the route's limits
   * @param current replicas the Deployment asks for now
   * @param appliedTps the per-replica TPS the Deployment runs with now
   * @param settled whether the last change is complete (the Deployment runs what it asks for)
   * @param stats the route's queue figures, when its dispatch could tell
   * @param now the evaluation time
   */
  public Target evaluate(
      String route,
      long generation,
      RouteScalingBounds bounds,
      int current,
      int appliedTps,
      boolean settled,
      Optional<Stats> stats,
      Instant now) {
    Memory previous = routes.get(route);
    Memory memory =
        previous == null || previous.generation() != generation
            ? new Memory(
                previous == null ? ScalingState.initial() : previous.state(),
                new ArrayDeque<>(),
                generation)
            : previous;
    routes.put(route, memory);
    int share = DispatchReplicaCalculator.perReplicaTps(bounds.routeMaxTps(), current);
    if (appliedTps > share && current > 0) {
      // The route's maxTps was lowered: lowering every replica's share is safe at once, whatever
      // is under way, and must not wait for a rollout that may never complete.
      memory.remaining().clear();
      return new Target(
          current,
          share,
          current,
          "route maxTps lowered to " + bounds.routeMaxTps() + ": share lowered at once");
    }
    if (!settled) {
      return new Target(
          current, appliedTps, current, "waiting for the last scaling step to complete");
    }
    if (!memory.remaining().isEmpty()) {
      ScalingPlan.Step step = memory.remaining().removeFirst();
      return new Target(step.replicas(), step.perReplicaTps(), step.replicas(), step.why());
    }
    int to;
    int desired;
    String reason;
    if (stats.isPresent()) {
      Decision decision =
          calculator.decide(
              new QueueObservation(stats.get().queueDepth(), stats.get().drainRate(), current, now),
              bounds,
              memory.state());
      routes.put(route, new Memory(decision.state(), memory.remaining(), generation));
      to = decision.replicas();
      desired = decision.desiredReplicas();
      reason = decision.reason();
    } else {
      // Nothing measured (no dispatch replica answers): stay, within the bounds.
      int ceiling = ReplicaNeed.ceiling(bounds).replicas();
      to = Math.min(Math.max(current, bounds.minReplicas()), ceiling);
      desired = to;
      reason = "no queue figures from the route's dispatch; replicas kept within their bounds";
    }
    ScalingPlan plan = ScalingPlan.between(current, appliedTps, to, bounds.routeMaxTps());
    if (plan.isEmpty()) {
      return new Target(current, appliedTps, desired, reason);
    }
    memory.remaining().addAll(plan.steps().subList(1, plan.steps().size()));
    ScalingPlan.Step first = plan.steps().get(0);
    String steps =
        plan.steps().size() == 1
            ? ""
            : " (step 1 of " + plan.steps().size() + ": " + first.why() + ")";
    return new Target(first.replicas(), first.perReplicaTps(), desired, reason + steps);
  }

  /** Forgets a deleted route. */
  public void forget(String route) {
    routes.remove(route);
  }
}
