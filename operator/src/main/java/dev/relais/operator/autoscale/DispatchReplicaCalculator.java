package dev.relais.operator.autoscale;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides how many dispatch replicas a route runs from its queue depth and drain rate: fast up,
 * stabilised down, and never beyond its replica bounds, its carrier's session quota or what its TPS
 * can use. Pure: no Kubernetes, no I/O, no clock.
 *
 * <p>Policy, in the order it is applied:
 *
 * <ol>
 *   <li>Per-replica rate: the measured drain rate divided by the current replicas, when it shows
 *       what they can do: messages waited for the whole measured minute and no replica was added
 *       within {@code rateSettleTime}. Otherwise (idle or starting replicas drain less than they
 *       can) it is only a lower bound, raised to the last such measurement of the route, or to a
 *       nominal rate (at most the route TPS) if there is none.
 *   <li>Need: the replicas that drain the depth within {@code targetDrain} at that rate.
 *   <li>Useful cap: the route TPS is shared by all replicas, so more than {@code ceil(maxTps /
 *       rate)} replicas only split it; when the replicas already drain at (nearly) their TPS
 *       budget, none beyond the current count helps.
 *   <li>Floor: {@code minReplicas}, and at least one replica while messages wait (even with {@code
 *       minReplicas} 0).
 *   <li>Hard ceiling, winning over the floor: {@code maxReplicas}, the route TPS (each replica
 *       needs at least 1 TPS: a dispatcher's TPS 0 means unlimited), and the carrier's session
 *       quota {@code maxTotalSessions / sessionsPerReplica} (exceeding it gets binds refused, so it
 *       wins even over a waiting queue).
 *   <li>Scale up at once, by at most {@code max(scaleUpFactor * current, current + scaleUpPods)}
 *       per evaluation (the Kubernetes HPA default: double or +4). A further scale-up waits until
 *       the drain rate covers the replicas just added ({@code rateSettleTime}): until then they
 *       look slow and would ask for more replicas than help. Nothing waits when no replica runs.
 *   <li>Scale down only to the highest count recommended within the stabilisation window (the HPA
 *       rule, default 300s): a lower count is applied once every recommendation above it is older
 *       than the window, so a flapping queue does not flap replicas. A hard ceiling applies at
 *       once.
 * </ol>
 */
public final class DispatchReplicaCalculator {

  /**
   * Tuning of the calculator.
   *
   * @param nominalReplicaRate messages per second one replica is assumed to drain before anything
   *     is measured; set it near a real dispatcher's pace (binds times window over latency)
   * @param stabilisationWindow how long a recommendation holds the replicas up
   * @param drainRateWindow span of the drain rate dispatch reports (its last minute): the rate
   *     shows what replicas can do only when messages waited for all of it
   * @param rateSettleTime how long after a scale-up the drain rate covers the added replicas: a
   *     dispatcher reports its last minute, or its uptime while younger, start-up and binds
   *     included
   * @param saturationRatio share of the TPS budget at which replicas count as TPS-bound
   * @param scaleUpPods replicas one scale-up step may add in any case
   * @param scaleUpFactor multiple of the current replicas one scale-up step may reach
   */
  public record Settings(
      double nominalReplicaRate,
      Duration stabilisationWindow,
      Duration drainRateWindow,
      Duration rateSettleTime,
      double saturationRatio,
      int scaleUpPods,
      int scaleUpFactor) {

    public Settings {
      if (!(nominalReplicaRate > 0) || Double.isInfinite(nominalReplicaRate)) {
        throw new IllegalArgumentException("nominal rate must be > 0: " + nominalReplicaRate);
      }
      Objects.requireNonNull(stabilisationWindow, "stabilisationWindow");
      Objects.requireNonNull(drainRateWindow, "drainRateWindow");
      Objects.requireNonNull(rateSettleTime, "rateSettleTime");
      if (stabilisationWindow.isNegative()
          || drainRateWindow.isNegative()
          || rateSettleTime.isNegative()) {
        throw new IllegalArgumentException("durations must not be negative");
      }
      if (!(saturationRatio > 0 && saturationRatio <= 1)) {
        throw new IllegalArgumentException(
            "saturation ratio must be in (0, 1]: " + saturationRatio);
      }
      if (scaleUpPods < 1 || scaleUpFactor < 1) {
        throw new IllegalArgumentException("a scale-up step must be able to add a replica");
      }
    }

    /**
     * 100 msg/s nominal, 300s stabilisation, 60s drain rate, 90s settling (the rate's minute plus
     * start-up and binds), 90% saturation, double or +4.
     */
    public static Settings defaults() {
      return new Settings(
          100, Duration.ofSeconds(300), Duration.ofSeconds(60), Duration.ofSeconds(90), 0.9, 4, 2);
    }
  }

  private final Settings settings;

  public DispatchReplicaCalculator() {
    this(Settings.defaults());
  }

  public DispatchReplicaCalculator(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * TPS limit of each of {@code replicas} replicas so that their sum never exceeds the route's:
   * {@code floor(routeMaxTps / replicas)}, at least 1 (a dispatcher reads 0 as "no limit"; the
   * calculator therefore never runs more replicas than {@code routeMaxTps}). For 0 replicas it is
   * the whole route maximum, the share of a first replica.
   */
  public static int perReplicaTps(int routeMaxTps, int replicas) {
    if (routeMaxTps < 1) {
      throw new IllegalArgumentException("route maxTps must be at least 1: " + routeMaxTps);
    }
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must not be negative: " + replicas);
    }
    return replicas == 0 ? routeMaxTps : Math.max(1, routeMaxTps / replicas);
  }

  /** One evaluation of a route; pass the returned {@link Decision#state()} to the next one. */
  public Decision decide(
      QueueObservation observation, RouteScalingBounds bounds, ScalingState state) {
    Instant now = observation.at();
    int current = observation.currentReplicas();
    ScalingState s = state.observe(observation, settings.rateSettleTime());
    if (s.recommendations().isEmpty()) {
      // No evidence from the last window (first evaluation, operator restart): the current count
      // counts as recommended now, so nothing scales down before a whole window has been seen.
      s = s.record(now, current, settings.stabilisationWindow());
    }
    ReplicaRate rate = ReplicaRate.estimate(observation, bounds.routeMaxTps(), s, settings);
    s = rate.remembered(s);

    Optional<Instant> scaleUpWaitsUntil =
        current > 0 && !s.rateSettled(now) ? Optional.of(s.rateSettlesAt()) : Optional.empty();
    ReplicaNeed need = ReplicaNeed.of(observation, bounds, rate, scaleUpWaitsUntil);
    int desired = need.desired();
    s = s.record(now, desired, settings.stabilisationWindow());

    int next;
    Decision.Change change;
    String action;
    if (desired > current) {
      int step = (int) Math.min(Integer.MAX_VALUE, stepLimit(current));
      next = Math.min(desired, step);
      change = Decision.Change.SCALE_UP;
      action =
          next < desired
              ? "scale-up to %d (of %d; at most %s or +%d per step)"
                  .formatted(
                      next,
                      desired,
                      settings.scaleUpFactor() == 2 ? "double" : "x" + settings.scaleUpFactor(),
                      settings.scaleUpPods())
              : "scale-up to " + next;
    } else if (desired < current) {
      next = Math.min(Math.min(current, s.highestRecommendation()), need.ceiling().replicas());
      if (next < current) {
        change = Decision.Change.SCALE_DOWN;
        action =
            current > need.ceiling().replicas()
                ? "scale-down to " + next
                : "scale-down to %d (no higher recommendation in the last %ds)"
                    .formatted(next, settings.stabilisationWindow().toSeconds());
      } else {
        change = Decision.Change.HELD;
        action =
            "held at %d: stabilising scale-down until %s"
                .formatted(
                    current, s.recommendedAtLeastUntil(current, settings.stabilisationWindow()));
      }
    } else {
      next = current;
      change = Decision.Change.STEADY;
      action = "steady at " + current;
    }
    return new Decision(
        next,
        perReplicaTps(bounds.routeMaxTps(), next),
        change,
        desired,
        action + ": " + need.explanation(),
        s.decided(current, next, now, settings.rateSettleTime()));
  }

  private long stepLimit(int current) {
    return Math.max(
        (long) current * settings.scaleUpFactor(), (long) current + settings.scaleUpPods());
  }

  /** Formats a rate for a message: whole numbers unless it is small. */
  static String rate(double perSecond) {
    return perSecond >= 10
        ? String.format(Locale.ROOT, "%.0f", perSecond)
        : String.format(Locale.ROOT, "%.1f", perSecond);
  }
}
