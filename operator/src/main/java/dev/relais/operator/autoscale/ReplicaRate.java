package dev.relais.operator.autoscale;

import java.util.OptionalDouble;

/**
 * The per-replica drain rate one evaluation works with, where it comes from, and whether the
 * replicas are bound by their TPS share rather than by their own pace.
 *
 * @param perReplica messages per second one replica is taken to drain, always > 0
 * @param saturated the replicas drain at (nearly) their TPS budget: their own pace is unknown and
 *     more replicas would not drain faster
 * @param source where {@code perReplica} comes from, for the decision's message
 * @param toRemember a settled measurement to keep for later evaluations
 */
record ReplicaRate(double perReplica, boolean saturated, Source source, OptionalDouble toRemember) {

  /** Where a per-replica rate comes from. */
  enum Source {
    MEASURED("measured"),
    AT_LEAST_MEASURED(
        "measured, at least: messages did not wait all minute or replicas were starting"),
    REMEMBERED("last measured while messages waited"),
    NOMINAL("nominal; nothing measured yet");

    private final String description;

    Source(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }
  }

  /**
   * The rate to work with: the measured per-replica rate when it shows what replicas can do;
   * otherwise the higher of it (a lower bound: idle or starting replicas drain less than they can)
   * and the last such measurement, or the nominal rate if none.
   */
  static ReplicaRate estimate(
      QueueObservation observation,
      int routeMaxTps,
      ScalingState state,
      DispatchReplicaCalculator.Settings settings) {
    // One replica never drains faster than the whole route allows, whatever was measured before
    // the route's TPS was lowered.
    ReplicaRate fallback =
        state.settledReplicaRate().isPresent()
            ? new ReplicaRate(
                Math.min(state.settledReplicaRate().getAsDouble(), routeMaxTps),
                false,
                Source.REMEMBERED,
                OptionalDouble.empty())
            : new ReplicaRate(
                Math.min(settings.nominalReplicaRate(), routeMaxTps),
                false,
                Source.NOMINAL,
                OptionalDouble.empty());
    if (!observation.drainMeasured()) {
      return fallback;
    }
    int replicas = observation.currentReplicas();
    double measured = observation.drainRate() / replicas;
    double budget =
        (double) replicas * DispatchReplicaCalculator.perReplicaTps(routeMaxTps, replicas);
    // Draining at (nearly) the TPS budget: the replicas are held back by their share, not by
    // their own pace, and more of them would only split it.
    boolean saturated = observation.drainRate() >= settings.saturationRatio() * budget;
    if (state.rateShowsCapacity(observation.at(), settings.drainRateWindow())) {
      return new ReplicaRate(measured, saturated, Source.MEASURED, OptionalDouble.of(measured));
    }
    return fallback.perReplica() > measured
        ? new ReplicaRate(
            fallback.perReplica(), saturated, fallback.source(), OptionalDouble.empty())
        : new ReplicaRate(measured, saturated, Source.AT_LEAST_MEASURED, OptionalDouble.empty());
  }

  ScalingState remembered(ScalingState state) {
    return toRemember.isPresent() ? state.rememberRate(toRemember.getAsDouble()) : state;
  }
}
