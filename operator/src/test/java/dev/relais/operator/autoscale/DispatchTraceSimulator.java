package dev.relais.operator.autoscale;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.function.Predicate;

/**
 * Plays a route second by second against the calculator: messages arrive, dispatch pods start after
 * a delay and drain at the lower of their own pace and their TPS, each reports its drain rate over
 * its last minute (or its uptime, like dispatch's {@code DrainRate}), and every evaluation step the
 * decision is applied through a {@link ScalingPlan}, checking the route TPS at every plan step.
 */
final class DispatchTraceSimulator {

  /** Seconds between two evaluations, like a reconciler's rescheduling. */
  static final int STEP_SECONDS = 15;

  /** Seconds a new dispatch pod takes to start and bind before it drains. */
  static final int START_SECONDS = 10;

  private static final int RATE_WINDOW = 60;

  /** One evaluation: what was observed and what was decided. */
  record Frame(
      long second, long depth, double drainRate, int replicas, int tps, Decision decision) {

    long tpsSum() {
      return (long) replicas * tps;
    }
  }

  /** The evaluations of a run and the highest TPS sum any running pods ever had. */
  record Trace(List<Frame> frames, long highestTpsSum) {

    int highestReplicas() {
      return frames.stream().mapToInt(Frame::replicas).max().orElse(0);
    }

    Frame first(Predicate<Frame> condition) {
      return frames.stream()
          .filter(condition)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no frame matches"));
    }

    Frame last() {
      return frames.getLast();
    }
  }

  /** One dispatch pod. */
  private static final class Pod {
    final long createdAt;
    int tps;
    final long[] drained = new long[RATE_WINDOW];

    Pod(long createdAt, int tps) {
      this.createdAt = createdAt;
      this.tps = tps;
    }

    double reportedRate(long now) {
      long total = 0;
      for (long d : drained) {
        total += d;
      }
      return total / (double) Math.min(RATE_WINDOW, Math.max(1, now - createdAt));
    }
  }

  private final DispatchReplicaCalculator calculator;
  private final RouteScalingBounds bounds;
  private final int replicaPace;

  /**
   * @param replicaPace messages per second one pod drains when its TPS allows
   */
  DispatchTraceSimulator(
      DispatchReplicaCalculator calculator, RouteScalingBounds bounds, int replicaPace) {
    this.calculator = calculator;
    this.bounds = bounds;
    this.replicaPace = replicaPace;
  }

  /**
   * Runs {@code seconds} seconds from {@code initialReplicas} running pods; {@code arrivals} gives
   * the messages queued at each second.
   */
  Trace run(int initialReplicas, LongUnaryOperator arrivals, int seconds) {
    int maxTps = bounds.routeMaxTps();
    List<Pod> pods = new ArrayList<>();
    int tps = DispatchReplicaCalculator.perReplicaTps(maxTps, initialReplicas);
    for (int i = 0; i < initialReplicas; i++) {
      pods.add(new Pod(-RATE_WINDOW, tps));
    }
    ScalingState state = ScalingState.initial();
    List<Frame> frames = new ArrayList<>();
    long depth = 0;
    long highestTpsSum = 0;
    for (long t = 0; t < seconds; t++) {
      depth += arrivals.applyAsLong(t);
      if (t % STEP_SECONDS == 0) {
        final long now = t;
        double rate = pods.stream().mapToDouble(p -> p.reportedRate(now)).sum();
        Decision decision =
            calculator.decide(
                new QueueObservation(depth, rate, pods.size(), Instant.EPOCH.plusSeconds(t)),
                bounds,
                state);
        state = decision.state();
        int applied = pods.isEmpty() ? tps : pods.getFirst().tps;
        for (ScalingPlan.Step step :
            ScalingPlan.between(pods.size(), applied, decision.replicas(), maxTps).steps()) {
          while (pods.size() > step.replicas()) {
            pods.removeLast();
          }
          while (pods.size() < step.replicas()) {
            pods.add(new Pod(t, step.perReplicaTps()));
          }
          for (Pod p : pods) {
            p.tps = step.perReplicaTps();
          }
          tps = step.perReplicaTps();
          highestTpsSum = Math.max(highestTpsSum, (long) pods.size() * tps);
        }
        frames.add(new Frame(t, depth, rate, pods.size(), tps, decision));
      }
      int slot = (int) (t % RATE_WINDOW);
      for (Pod p : pods) {
        long d =
            t - p.createdAt >= START_SECONDS ? Math.min(depth, Math.min(replicaPace, p.tps)) : 0;
        depth -= d;
        p.drained[slot] = d;
      }
    }
    return new Trace(frames, highestTpsSum);
  }
}
