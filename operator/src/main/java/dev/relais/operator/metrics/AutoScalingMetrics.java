package dev.relais.operator.metrics;

/** What the dispatch autoscaler reports about its decisions, per route (namespace/name). */
public interface AutoScalingMetrics {

  /** Reports nothing. */
  AutoScalingMetrics NONE = new AutoScalingMetrics() {};

  /** The route's Deployment was set from {@code from} to {@code to} replicas. */
  default void scaled(String route, int from, int to) {}

  /** The replicas the autoscaler wants for the route now. */
  default void desiredReplicas(String route, int replicas) {}
}
