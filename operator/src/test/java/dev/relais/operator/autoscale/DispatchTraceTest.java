package dev.relais.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.autoscale.DispatchTraceSimulator.Frame;
import dev.relais.operator.autoscale.DispatchTraceSimulator.Trace;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Whole queue traces played second by second (15 s evaluations, pods that take 10 s to start):
 * replicas rise fast, never break a limit, do not flap, and fall back only after the window.
 */
class DispatchTraceTest {

  private static final int WINDOW = 300;
  private static final LongUnaryOperator MILLION_AT_ONCE = t -> t == 0 ? 1_000_000 : 0;

  private static Trace play(
      RouteScalingBounds bounds, int pace, int initial, LongUnaryOperator arrivals, int seconds) {
    Trace trace =
        new DispatchTraceSimulator(new DispatchReplicaCalculator(), bounds, pace)
            .run(initial, arrivals, seconds);
    assertWithinLimits(trace, bounds);
    assertScaleDownsStabilised(trace, bounds);
    return trace;
  }

  /** What every trace must respect, at every evaluation and every plan step. */
  private static void assertWithinLimits(Trace trace, RouteScalingBounds bounds) {
    assertThat(trace.highestTpsSum())
        .as("TPS sum of running pods")
        .isLessThanOrEqualTo(bounds.routeMaxTps());
    for (Frame f : trace.frames()) {
      assertThat(f.replicas())
          .as("replicas at %ds", f.second())
          .isLessThanOrEqualTo(bounds.maxReplicas());
      assertThat((long) f.replicas() * bounds.sessionsPerReplica())
          .as("binds at %ds", f.second())
          .isLessThanOrEqualTo(bounds.maxTotalSessions().orElse(Integer.MAX_VALUE));
      assertThat(f.tpsSum())
          .as("TPS sum at %ds", f.second())
          .isLessThanOrEqualTo(bounds.routeMaxTps());
      if (f.depth() > 0 && bounds.sessionQuotaReplicas() > 0) {
        assertThat(f.replicas())
            .as("replicas with messages waiting at %ds", f.second())
            .isPositive();
      }
    }
  }

  /** A scale-down to n happens only when no recommendation of the last window was above n. */
  private static void assertScaleDownsStabilised(Trace trace, RouteScalingBounds bounds) {
    List<Frame> frames = trace.frames();
    for (int i = 1; i < frames.size(); i++) {
      Frame now = frames.get(i);
      if (now.replicas() >= frames.get(i - 1).replicas()) {
        continue;
      }
      for (Frame earlier : frames.subList(0, i + 1)) {
        if (earlier.second() > now.second() - WINDOW) {
          assertThat(earlier.decision().desiredReplicas())
              .as(
                  "recommendation at %ds before the scale-down to %d at %ds",
                  earlier.second(), now.replicas(), now.second())
              .isLessThanOrEqualTo(now.replicas());
        }
      }
    }
  }

  private static long emptiedAt(Trace trace) {
    Frame lastBusy =
        trace.frames().reversed().stream().filter(f -> f.depth() > 0).findFirst().orElseThrow();
    return trace.first(f -> f.second() > lastBusy.second()).second();
  }

  @Test
  void aMillionMessageCampaignRunsAtTheCarrierSessionQuotaThenFallsBackAfterTheWindow() {
    // 8 binds allowed, 2 per replica: 4 replicas, each limited to 250 of the route's 1000 TPS.
    RouteScalingBounds route =
        new RouteScalingBounds(1, 10, Duration.ofSeconds(WINDOW), 2, OptionalInt.of(8), 1000);

    Trace trace = play(route, 300, 1, MILLION_AT_ONCE, 2400);

    Frame first = trace.frames().getFirst();
    assertThat(first.replicas()).as("replicas at once").isEqualTo(4);
    assertThat(first.decision().reason())
        .contains("capped by carrier session quota (8 sessions / 2 per replica)");
    assertThat(trace.highestReplicas()).isEqualTo(4);
    assertThat(trace.frames())
        .filteredOn(f -> f.depth() > 0)
        .allSatisfy(f -> assertThat(f.replicas()).isEqualTo(4));
    long emptied = emptiedAt(trace);
    assertThat(emptied).as("drained at the route's 1000 TPS").isBetween(1000L, 1100L);
    long atMin = trace.first(f -> f.second() > emptied && f.replicas() == 1).second();
    long lastAboveMin =
        trace.frames().stream()
            .filter(f -> f.decision().desiredReplicas() > 1)
            .mapToLong(Frame::second)
            .max()
            .orElseThrow();
    assertThat(atMin)
        .as("back at minReplicas once the last higher recommendation left the window")
        .isEqualTo(lastAboveMin + WINDOW)
        .isGreaterThan(emptied)
        .isLessThanOrEqualTo(emptied + WINDOW);
    assertThat(trace.last().replicas()).isEqualTo(1);
    assertThat(trace.last().tps()).isEqualTo(1000);
  }

  @Test
  void aMillionMessageCampaignGetsNoMoreReplicasThanTheRouteTpsCanUse() {
    // A replica drains 300 msg/s on its own: 5 of them use the route's 1500 TPS; 10 are allowed.
    RouteScalingBounds route =
        new RouteScalingBounds(1, 10, Duration.ofSeconds(WINDOW), 2, OptionalInt.empty(), 1500);

    Trace trace = play(route, 300, 1, MILLION_AT_ONCE, 1800);

    assertThat(trace.frames().getFirst().replicas()).isEqualTo(5);
    assertThat(trace.highestReplicas()).isEqualTo(5);
    long emptied = emptiedAt(trace);
    assertThat(emptied).as("drained at the route's 1500 TPS").isBetween(667L, 700L);
    assertThat(trace.last().replicas()).isEqualTo(1);
  }

  @Test
  void slowReplicasRampUpStepByStepOnceTheirRateIsMeasured() {
    // 50 msg/s per replica: 20 replicas to use the route's 1000 TPS, from zero.
    RouteScalingBounds route =
        new RouteScalingBounds(0, 30, Duration.ofSeconds(WINDOW), 2, OptionalInt.empty(), 1000);

    Trace trace = play(route, 50, 0, MILLION_AT_ONCE, 3000);

    assertThat(trace.frames())
        .filteredOn(f -> f.second() <= 270)
        .extracting(Frame::replicas)
        .containsSubsequence(4, 8, 16, 20)
        .doesNotContain(0);
    assertThat(trace.highestReplicas()).as("what 1000 TPS can use at 50 msg/s each").isEqualTo(20);
    assertThat(trace.last().replicas()).as("scaled to zero when idle").isZero();
  }

  @Test
  void burstsThatEmptyTheQueueEveryTwoMinutesDoNotFlapReplicas() {
    RouteScalingBounds route =
        new RouteScalingBounds(1, 10, Duration.ofSeconds(120), 2, OptionalInt.empty(), 2000);
    LongUnaryOperator bursts = t -> t < 3600 && t % 120 == 0 ? 60_000 : 0;

    Trace trace = play(route, 300, 1, bursts, 4500);
    assertThat(trace.frames()).filteredOn(f -> f.depth() == 0 && f.second() < 3600).isNotEmpty();
    assertThat(trace.frames())
        .filteredOn(f -> f.decision().desiredReplicas() == 1 && f.second() < 3600)
        .isNotEmpty();
    // Up once for the first burst, then steady while bursts come, down only after the last one.
    assertThat(trace.frames())
        .filteredOn(f -> f.second() < 3600)
        .extracting(Frame::replicas)
        .containsOnly(5);
    List<Integer> after =
        trace.frames().stream().filter(f -> f.second() >= 3600).map(Frame::replicas).toList();
    assertThat(after).isSortedAccordingTo(Comparator.reverseOrder()).endsWith(1);
  }

  @Test
  void anIdleRouteScalesToZeroAndWakesForTheNextBurst() {
    RouteScalingBounds route =
        new RouteScalingBounds(0, 4, Duration.ofSeconds(WINDOW), 2, OptionalInt.empty(), 200);
    LongUnaryOperator twoBursts = t -> t == 60 ? 5000 : t == 1000 ? 3000 : 0;

    Trace trace = play(route, 300, 0, twoBursts, 1800);

    assertThat(trace.first(f -> f.second() == 0).replicas()).isZero();
    assertThat(trace.first(f -> f.second() == 60).replicas())
        .as("woken by the first burst")
        .isEqualTo(1);
    Frame asleep = trace.first(f -> f.second() > 60 && f.replicas() == 0);
    long lastNeeded =
        trace.frames().stream()
            .filter(f -> f.second() < asleep.second() && f.decision().desiredReplicas() > 0)
            .mapToLong(Frame::second)
            .max()
            .orElseThrow();
    assertThat(lastNeeded).as("the burst was drained by then").isLessThan(120);
    assertThat(asleep.second())
        .as("asleep one window after the last message")
        .isEqualTo(lastNeeded + WINDOW);
    assertThat(trace.first(f -> f.second() == 1005).replicas())
        .as("woken by the second burst")
        .isEqualTo(1);
    assertThat(trace.last().replicas()).isZero();
  }

  @Test
  void minReplicasAboveTheSessionQuotaRunsAtTheQuota() {
    RouteScalingBounds route =
        new RouteScalingBounds(6, 10, Duration.ofSeconds(WINDOW), 2, OptionalInt.of(8), 1000);

    Trace trace = play(route, 300, 6, t -> t == 600 ? 200_000 : 0, 1500);

    assertThat(trace.frames()).extracting(Frame::replicas).containsOnly(4);
    assertThat(trace.frames().getFirst().decision().reason()).contains("(wins over minReplicas 6)");
  }
}
