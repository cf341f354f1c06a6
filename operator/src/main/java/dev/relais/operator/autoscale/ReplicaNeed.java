package dev.relais.operator.autoscale;

import java.time.Instant;
import java.util.Optional;

/**
 * How many replicas a route's queue asks for, within the route's bounds, with a sentence saying
 * why; before any scale-up step limit or scale-down stabilisation.
 *
 * @param desired replicas asked for
 * @param ceiling the hard ceiling that applied, never exceeded
 * @param explanation readable reasoning, e.g. "depth 120000 needs 4 replicas to drain in 300s at
 *     100 msg/s per replica (measured)"
 */
record ReplicaNeed(int desired, Limit ceiling, String explanation) {

  /** A hard limit on replicas and the message naming it. */
  record Limit(int replicas, String reason) {}

  // Guards ceil() against rates such as 299.99999999 that stand for an exact fit.
  private static final double EPSILON = 1e-9;

  /**
   * @param scaleUpWaitsUntil when present, the replicas added last do not show in the drain rate
   *     yet, so the count stays at most the current one until then
   */
  static ReplicaNeed of(
      QueueObservation observation,
      RouteScalingBounds bounds,
      ReplicaRate rate,
      Optional<Instant> scaleUpWaitsUntil) {
    long depth = observation.queueDepth();
    int current = observation.currentReplicas();
    long drainSeconds = bounds.targetDrain().toSeconds();
    int byDepth = depth == 0 ? 0 : atLeastOne(ceil(depth / (drainSeconds * rate.perReplica())));
    int useful = rate.saturated() ? current : ceil(bounds.routeMaxTps() / rate.perReplica());
    int settled = scaleUpWaitsUntil.isPresent() ? Math.min(useful, current) : useful;
    int wanted = Math.min(byDepth, settled);
    int floor = Math.max(bounds.minReplicas(), depth > 0 ? 1 : 0);
    int raised = Math.max(wanted, floor);
    Limit ceiling = ceiling(bounds);
    int desired = Math.min(raised, ceiling.replicas());

    StringBuilder why = new StringBuilder();
    if (depth == 0) {
      why.append("queue empty");
    } else {
      why.append(
          "depth %d needs %s to drain in %ds at %s msg/s per replica (%s)"
              .formatted(
                  depth,
                  replicas(byDepth),
                  drainSeconds,
                  DispatchReplicaCalculator.rate(rate.perReplica()),
                  rate.source().description()));
    }
    if (wanted < Math.min(byDepth, useful)) {
      why.append(
          "; more wait until the drain rate covers the replicas just added (%s)"
              .formatted(scaleUpWaitsUntil.orElseThrow()));
    } else if (wanted < byDepth) {
      why.append(
          rate.saturated()
              ? "; capped at %d: they already drain at route maxTps %d, more would only split it"
                  .formatted(useful, bounds.routeMaxTps())
              : "; capped at %d: route maxTps %d leaves no work for more at that rate"
                  .formatted(useful, bounds.routeMaxTps()));
    }
    if (raised > wanted) {
      why.append(
          floor == bounds.minReplicas()
              ? "; raised to minReplicas " + floor
              : "; at least 1 replica while messages wait");
    }
    if (desired < raised || current > ceiling.replicas()) {
      why.append("; ").append(ceiling.reason());
      if (floor > ceiling.replicas()) {
        why.append(
            floor == bounds.minReplicas()
                ? " (wins over minReplicas " + floor + ")"
                : " (wins over the waiting queue)");
      }
    }
    return new ReplicaNeed(desired, ceiling, why.toString());
  }

  /** The tightest hard limit: replica bound, one TPS per replica, carrier session quota. */
  static Limit ceiling(RouteScalingBounds bounds) {
    Limit limit = new Limit(bounds.maxReplicas(), "capped by maxReplicas " + bounds.maxReplicas());
    if (bounds.routeMaxTps() < limit.replicas()) {
      limit =
          new Limit(
              bounds.routeMaxTps(),
              "capped by route maxTps %d (each replica needs at least 1 TPS)"
                  .formatted(bounds.routeMaxTps()));
    }
    if (bounds.sessionQuotaReplicas() < limit.replicas()) {
      limit =
          new Limit(
              bounds.sessionQuotaReplicas(),
              "capped by carrier session quota (%d sessions / %d per replica)"
                  .formatted(bounds.maxTotalSessions().getAsInt(), bounds.sessionsPerReplica()));
    }
    return limit;
  }

  private static int ceil(double replicas) {
    return (int) Math.min(Integer.MAX_VALUE, Math.ceil(replicas - EPSILON));
  }

  private static int atLeastOne(int replicas) {
    return Math.max(1, replicas);
  }

  private static String replicas(int count) {
    return count == 1 ? "1 replica" : count + " replicas";
  }
}
