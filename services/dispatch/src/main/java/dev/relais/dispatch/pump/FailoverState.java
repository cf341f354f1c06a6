package dev.relais.dispatch.pump;

import java.time.Duration;

/**
 * Whether a route's messages go out on its own SMPP sessions or move to its failover route: they
 * move only when a failover route is configured, this route has had no session bound for longer
 * than the configured delay, and the failover route is declared in the queue.
 */
public enum FailoverState {
  /** No failover route configured: messages wait for this route's binds, as always. */
  NONE,
  /** Bound, or not down for long enough yet: messages are sent on this route. */
  SENDING,
  /** Down for long enough, but the failover route is not declared: messages wait. */
  WAITING_FOR_FAILOVER_ROUTE,
  /** Down for long enough: messages move to the failover route's queue. */
  MOVING;

  /**
   * @param configured whether a failover route is configured
   * @param bound whether at least one SMPP session of this route is bound now
   * @param unbound how long no session has been bound (zero while bound)
   * @param after how long the route must have been unbound before its messages move
   * @param failoverDeclared whether the failover route has a shard count in the queue
   */
  public static FailoverState of(
      boolean configured,
      boolean bound,
      Duration unbound,
      Duration after,
      boolean failoverDeclared) {
    if (!configured) {
      return NONE;
    }
    if (bound || unbound.compareTo(after) < 0) {
      return SENDING;
    }
    return failoverDeclared ? MOVING : WAITING_FOR_FAILOVER_ROUTE;
  }
}
