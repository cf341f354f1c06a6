package dev.relais.operator.autoscale;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the calculator remembers about one route between evaluations; immutable, passed in and
 * returned by {@link DispatchReplicaCalculator#decide} so that the calculator itself stays pure.
 *
 * <p>Start a route with {@link #initial()} and keep the state of the last {@link Decision}. Losing
 * it (an operator restart) is safe: the next evaluation holds the current replica count for one
 * stabilisation window before scaling down, because it has no evidence that fewer would do.
 *
 * @param recommendations desired replica counts of the stabilisation window, oldest first; only
 *     those that can still be the window's maximum are kept, so values strictly decrease over time
 *     and the list never holds more than {@code maxReplicas + 1} entries
 * @param settledReplicaRate per-replica drain rate last measured while messages waited all minute
 *     and no replica was starting: what one replica can drain, if ever measured
 * @param expectedReplicas replica count the last decision left the route at, -1 before the first
 * @param rateSettlesAt instant from which the measured drain rate covers every current replica;
 *     before it, replicas added last report little yet
 * @param backlogSince since when every evaluation saw messages waiting, if the last one did
 */
public record ScalingState(
    List<Recommendation> recommendations,
    OptionalDouble settledReplicaRate,
    int expectedReplicas,
    Instant rateSettlesAt,
    Optional<Instant> backlogSince) {

  /** One desired replica count and when it was computed. */
  public record Recommendation(Instant at, int replicas) {

    public Recommendation {
      Objects.requireNonNull(at, "at");
    }
  }

  public ScalingState {
    recommendations = List.copyOf(recommendations);
    Objects.requireNonNull(settledReplicaRate, "settledReplicaRate");
    Objects.requireNonNull(rateSettlesAt, "rateSettlesAt");
    Objects.requireNonNull(backlogSince, "backlogSince");
  }

  /** The state of a route never evaluated before. */
  public static ScalingState initial() {
    return new ScalingState(List.of(), OptionalDouble.empty(), -1, Instant.MIN, Optional.empty());
  }

  /**
   * Notes what is seen now: whether messages wait (a drain rate measures what replicas can do only
   * while they never ran out of work), and the replica count; more replicas than last decided (a
   * manual scale-up) means the drain rate does not cover them yet.
   */
  ScalingState observe(QueueObservation observation, Duration rateSettleTime) {
    Instant now = observation.at();
    int current = observation.currentReplicas();
    Optional<Instant> backlog =
        observation.queueDepth() == 0 ? Optional.empty() : backlogSince.or(() -> Optional.of(now));
    Instant settles =
        expectedReplicas >= 0 && current > expectedReplicas
            ? later(now.plus(rateSettleTime))
            : rateSettlesAt;
    return new ScalingState(recommendations, settledReplicaRate, current, settles, backlog);
  }

  /**
   * Whether the drain rate measured at {@code now} shows what the current replicas can drain:
   * messages waited for the whole measured {@code rateWindow} and no replica was added recently.
   */
  boolean rateShowsCapacity(Instant now, Duration rateWindow) {
    return rateSettled(now)
        && backlogSince.isPresent()
        && !backlogSince.get().isAfter(now.minus(rateWindow));
  }

  /** Whether replicas added last already show in the drain rate at {@code now}. */
  boolean rateSettled(Instant now) {
    return !now.isBefore(rateSettlesAt);
  }

  ScalingState rememberRate(double perReplicaRate) {
    return new ScalingState(
        recommendations,
        OptionalDouble.of(perReplicaRate),
        expectedReplicas,
        rateSettlesAt,
        backlogSince);
  }

  /**
   * Adds the recommendation computed at {@code now} and forgets those older than the window and
   * those a newer, at least as high recommendation makes irrelevant: a later entry stays in the
   * window longer, so an earlier, lower one can never again be the maximum.
   */
  ScalingState record(Instant now, int replicas, Duration window) {
    List<Recommendation> kept = new ArrayList<>();
    for (Recommendation r : recommendations) {
      if (r.at().isAfter(now.minus(window))) {
        kept.add(r);
      }
    }
    while (!kept.isEmpty() && kept.getLast().replicas() <= replicas) {
      kept.removeLast();
    }
    kept.add(new Recommendation(now, replicas));
    return new ScalingState(
        kept, settledReplicaRate, expectedReplicas, rateSettlesAt, backlogSince);
  }

  /** Highest recommendation still in the window (the list is kept in decreasing order). */
  int highestRecommendation() {
    return recommendations.isEmpty() ? 0 : recommendations.getFirst().replicas();
  }

  /** When the last recommendation of at least {@code replicas} leaves the window. */
  Instant recommendedAtLeastUntil(int replicas, Duration window) {
    Instant until = Instant.MIN;
    for (Recommendation r : recommendations) {
      if (r.replicas() >= replicas) {
        until = r.at().plus(window);
      }
    }
    return until;
  }

  /**
   * The state after deciding {@code next} replicas. Added replicas restart the drain-rate settling:
   * they report little until they have started, bound and drained for a whole minute. Removed ones
   * do not: their share of the sum goes with them, and the remaining replicas' rates stay whole.
   */
  ScalingState decided(int current, int next, Instant now, Duration rateSettleTime) {
    if (next <= current) {
      return withExpected(next);
    }
    return new ScalingState(
        recommendations, settledReplicaRate, next, later(now.plus(rateSettleTime)), backlogSince);
  }

  private Instant later(Instant settles) {
    return settles.isAfter(rateSettlesAt) ? settles : rateSettlesAt;
  }

  private ScalingState withExpected(int replicas) {
    return new ScalingState(
        recommendations, settledReplicaRate, replicas, rateSettlesAt, backlogSince);
  }
}
