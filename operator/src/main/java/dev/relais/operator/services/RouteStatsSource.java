package dev.relais.operator.services;

import java.util.Optional;

/**
 * Reads a route's queue and dispatch figures (DispatchService.GetRouteStats) for the autoscaler and
 * the route's status. May throw {@link ServiceCallException}.
 */
public interface RouteStatsSource {

  /**
   * Route-wide figures.
   *
   * @param queueDepth messages queued and not yet taken by a dispatcher
   * @param drainRate messages submitted per second over the last minute, all replicas together
   * @param bindsUp SMPP sessions bound
   * @param lastError the last error dispatch saw on the route; empty when none
   */
  record RouteStats(long queueDepth, double drainRate, int bindsUp, String lastError) {}

  /**
   * The figures of the route, asked of its dispatch at {@code dispatch} (host:port); empty when no
   * stats can be had (no dispatch replica runs).
   */
  Optional<RouteStats> stats(String dispatch, String route);

  /** A source that never has figures: routes then keep their replica count within bounds. */
  RouteStatsSource NONE = (dispatch, route) -> Optional.empty();
}
