package dev.relais.operator.autoscale;

import dev.relais.operator.api.SmppRouteSpec;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The limits one route puts on its dispatch replicas: the autoscaling bounds of its spec, the
 * carrier's session quota and the route-wide TPS.
 *
 * @param minReplicas fewest replicas; 0 lets an idle route scale to zero
 * @param maxReplicas most replicas
 * @param targetDrain time within which the queue should be drained
 * @param sessionsPerReplica SMPP binds each dispatch replica opens
 * @param maxTotalSessions binds the carrier allows on the account, if it says
 * @param routeMaxTps submit_sm per second the carrier allows on the route, shared by all replicas
 */
public record RouteScalingBounds(
    int minReplicas,
    int maxReplicas,
    Duration targetDrain,
    int sessionsPerReplica,
    OptionalInt maxTotalSessions,
    int routeMaxTps) {

  public RouteScalingBounds {
    if (minReplicas < 0) {
      throw new IllegalArgumentException("minReplicas must not be negative: " + minReplicas);
    }
    if (maxReplicas < 1) {
      throw new IllegalArgumentException("maxReplicas must be at least 1: " + maxReplicas);
    }
    // The CRD schema cannot compare two fields; the reconciler turns this into Ready=False.
    if (minReplicas > maxReplicas) {
      throw new IllegalArgumentException(
          "minReplicas " + minReplicas + " exceeds maxReplicas " + maxReplicas);
    }
    Objects.requireNonNull(targetDrain, "targetDrain");
    if (targetDrain.toSeconds() < 1) {
      throw new IllegalArgumentException("targetDrain must be at least 1s: " + targetDrain);
    }
    if (sessionsPerReplica < 1) {
      throw new IllegalArgumentException(
          "sessions per replica must be at least 1: " + sessionsPerReplica);
    }
    Objects.requireNonNull(maxTotalSessions, "maxTotalSessions");
    if (maxTotalSessions.isPresent() && maxTotalSessions.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "maxTotalSessions must be at least 1: " + maxTotalSessions.getAsInt());
    }
    if (routeMaxTps < 1) {
      throw new IllegalArgumentException("route maxTps must be at least 1: " + routeMaxTps);
    }
  }

  /** Bounds of a route as declared in its custom resource, with the CRD defaults where unset. */
  public static RouteScalingBounds of(SmppRouteSpec spec) {
    if (spec.maxTps == null) {
      throw new IllegalArgumentException("SmppRoute maxTps is required");
    }
    SmppRouteSpec.Autoscaling defaults = new SmppRouteSpec.Autoscaling();
    SmppRouteSpec.Autoscaling a = spec.autoscaling != null ? spec.autoscaling : defaults;
    return new RouteScalingBounds(
        Objects.requireNonNullElse(a.minReplicas, defaults.minReplicas),
        Objects.requireNonNullElse(a.maxReplicas, defaults.maxReplicas),
        Duration.ofSeconds(
            Objects.requireNonNullElse(a.targetDrainSeconds, defaults.targetDrainSeconds)),
        Objects.requireNonNullElse(spec.sessions, new SmppRouteSpec().sessions),
        a.maxTotalSessions == null ? OptionalInt.empty() : OptionalInt.of(a.maxTotalSessions),
        spec.maxTps);
  }

  /** Most replicas whose binds fit in the carrier's session quota; unbounded without a quota. */
  public int sessionQuotaReplicas() {
    return maxTotalSessions.isPresent()
        ? maxTotalSessions.getAsInt() / sessionsPerReplica
        : Integer.MAX_VALUE;
  }
}
