package dev.relais.operator.reconciler;

import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmppRouteSpec;
import dev.relais.operator.autoscale.RouteScaler;
import dev.relais.operator.autoscale.RouteScalingBounds;
import dev.relais.operator.model.DispatchDeploymentBuilder;
import dev.relais.operator.model.PlatformSettings;
import dev.relais.operator.services.RouteStatsSource;
import dev.relais.operator.services.ServiceAddresses;
import dev.relais.operator.services.ServiceCallException;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decides the replicas and per-replica TPS of a route's dispatch Deployment: reads the route's
 * queue figures from its dispatch, and lets the {@link RouteScaler} move one safe step at a time. A
 * route without autoscaling bounds runs one replica, and still gets its TPS re-divided safely.
 */
final class DispatchScaling {

  /**
   * What to run and what was measured.
   *
   * @param replicas replicas the Deployment should ask for
   * @param perReplicaTps TPS limit of each replica
   * @param desiredReplicas what the queue asks for; null before anything is decided
   * @param reason why, for the route's status
   * @param stats the route's figures, when its dispatch answered
   * @param statsError why no figures could be read, when a dispatch should have answered
   */
  record Outcome(
      int replicas,
      int perReplicaTps,
      Integer desiredReplicas,
      String reason,
      Optional<RouteStatsSource.RouteStats> stats,
      String statsError) {}

  private final RouteScaler scaler;
  private final RouteStatsSource statsSource;
  private final ServiceAddresses addresses;
  private final Clock clock;

  DispatchScaling(
      RouteScaler scaler, RouteStatsSource statsSource, ServiceAddresses addresses, Clock clock) {
    this.scaler = scaler;
    this.statsSource = statsSource;
    this.addresses = addresses;
    this.clock = clock;
  }

  Outcome next(SmppRoute route, Deployment actual, PlatformSettings platform) {
    SmppRouteSpec spec = route.getSpec();
    if (actual == null) {
      int replicas = DispatchDeploymentBuilder.replicas(spec);
      return new Outcome(
          replicas,
          dev.relais.operator.autoscale.DispatchReplicaCalculator.perReplicaTps(
              spec.maxTps, replicas),
          null,
          "starting with " + replicas + " replica(s)",
          Optional.empty(),
          null);
    }
    int running = actual.getSpec().getReplicas() == null ? 1 : actual.getSpec().getReplicas();
    int applied = DispatchDeploymentBuilder.appliedTps(actual, spec.maxTps);
    Optional<RouteStatsSource.RouteStats> stats = Optional.empty();
    String statsError = null;
    if (running > 0) {
      String name = route.getMetadata().getName();
      try {
        stats =
            statsSource.stats(
                addresses.dispatch(
                    route.getMetadata().getNamespace(),
                    name,
                    platform.dispatchPort(),
                    platform.tlsSecret() != null),
                name);
      } catch (ServiceCallException e) {
        statsError = e.getMessage();
      }
    }
    RouteScaler.Target target =
        scaler.evaluate(
            key(route),
            route.getMetadata().getGeneration() == null ? 0 : route.getMetadata().getGeneration(),
            bounds(spec),
            running,
            applied,
            DispatchDeploymentBuilder.settled(actual),
            stats.map(s -> new RouteScaler.Stats(s.queueDepth(), s.drainRate())),
            clock.instant());
    return new Outcome(
        target.replicas(),
        target.perReplicaTps(),
        target.desiredReplicas(),
        target.reason(),
        stats,
        statsError);
  }

  /** The route's bounds; without autoscaling, exactly one replica. */
  static RouteScalingBounds bounds(SmppRouteSpec spec) {
    if (spec.autoscaling != null) {
      return RouteScalingBounds.of(spec);
    }
    return new RouteScalingBounds(
        1,
        1,
        Duration.ofSeconds(300),
        Objects.requireNonNullElse(spec.sessions, new SmppRouteSpec().sessions),
        OptionalInt.empty(),
        spec.maxTps);
  }

  private static String key(SmppRoute route) {
    return route.getMetadata().getNamespace() + "/" + route.getMetadata().getName();
  }
}
