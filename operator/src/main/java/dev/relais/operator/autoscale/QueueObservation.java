package dev.relais.operator.autoscale;

import java.time.Instant;
import java.util.Objects;

/**
 * What the operator measured for one route at one instant: its queue, how fast it drains and how
 * many dispatch replicas it has.
 *
 * @param queueDepth messages queued and not yet resolved
 * @param drainRate messages per second over the last minute, summed over the route's replicas; 0
 *     when nothing was measured (no replica running, or none draining)
 * @param currentReplicas the dispatch Deployment's {@code spec.replicas}, i.e. what was last
 *     applied
 * @param at when the observation was taken; the calculator reads no clock of its own
 */
public record QueueObservation(long queueDepth, double drainRate, int currentReplicas, Instant at) {

  public QueueObservation {
    if (queueDepth < 0) {
      throw new IllegalArgumentException("queue depth must not be negative: " + queueDepth);
    }
    // NaN or infinity would silently poison every ceil() below; refuse them at the border.
    if (!Double.isFinite(drainRate) || drainRate < 0) {
      throw new IllegalArgumentException("drain rate must be a finite rate >= 0: " + drainRate);
    }
    if (currentReplicas < 0) {
      throw new IllegalArgumentException("replicas must not be negative: " + currentReplicas);
    }
    Objects.requireNonNull(at, "at");
  }

  /** True when replicas run and report draining, so a per-replica rate can be derived. */
  boolean drainMeasured() {
    return currentReplicas > 0 && drainRate > 0;
  }
}
