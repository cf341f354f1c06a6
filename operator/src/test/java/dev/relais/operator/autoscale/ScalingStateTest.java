package dev.relais.operator.autoscale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.autoscale.ScalingState.Recommendation;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The recommendation history stays small yet answers "highest in the window" exactly. */
class ScalingStateTest {

  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");
  private static final Duration WINDOW = Duration.ofSeconds(300);

  @Test
  void keepsOnlyRecommendationsThatCanStillBeTheHighest() {
    ScalingState s = ScalingState.initial();
    s = s.record(T0, 3, WINDOW);
    s = s.record(T0.plusSeconds(15), 8, WINDOW); // 3 can never be the highest again
    s = s.record(T0.plusSeconds(30), 5, WINDOW);
    s = s.record(T0.plusSeconds(45), 2, WINDOW);
    s = s.record(T0.plusSeconds(60), 5, WINDOW); // replaces the earlier 5 and the 2

    assertThat(s.recommendations())
        .containsExactly(
            new Recommendation(T0.plusSeconds(15), 8), new Recommendation(T0.plusSeconds(60), 5));
    assertThat(s.highestRecommendation()).isEqualTo(8);
    assertThat(s.recommendedAtLeastUntil(6, WINDOW)).isEqualTo(T0.plusSeconds(315));
    assertThat(s.recommendedAtLeastUntil(5, WINDOW)).isEqualTo(T0.plusSeconds(360));
  }

  @Test
  void aRecommendationLeavesTheWindowExactlyOneWindowLater() {
    ScalingState s = ScalingState.initial().record(T0, 8, WINDOW);

    assertThat(s.record(T0.plusSeconds(299), 1, WINDOW).highestRecommendation()).isEqualTo(8);
    assertThat(s.record(T0.plusSeconds(300), 1, WINDOW).highestRecommendation()).isEqualTo(1);
  }

  @Test
  void theCompactHistoryAgreesWithAFullOneOverARandomTrace() {
    Random random = new Random(42);
    ScalingState s = ScalingState.initial();
    int[] values = new int[2000];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(21);
      Instant now = T0.plusSeconds(15L * i);
      s = s.record(now, values[i], WINDOW);
      int highest = 0;
      for (int j = i; j >= 0 && 15L * (i - j) < WINDOW.toSeconds(); j--) {
        highest = Math.max(highest, values[j]);
      }
      assertThat(s.highestRecommendation()).as("at step %d", i).isEqualTo(highest);
      assertThat(s.recommendations()).hasSizeLessThanOrEqualTo(21);
    }
  }

  @Test
  void onlyAddedReplicasMakeTheDrainRateSettleAgain() {
    Duration settle = Duration.ofSeconds(90);
    ScalingState s = ScalingState.initial().decided(2, 6, T0, settle);
    assertThat(s.rateSettled(T0.plusSeconds(89))).isFalse();
    assertThat(s.rateSettled(T0.plusSeconds(90))).isTrue();

    ScalingState down = ScalingState.initial().decided(6, 2, T0, settle);
    assertThat(down.rateSettled(T0)).isTrue();

    // Someone scaled the Deployment up by hand.
    ScalingState manual = down.observe(new QueueObservation(10, 0, 5, T0.plusSeconds(15)), settle);
    assertThat(manual.rateSettled(T0.plusSeconds(15))).isFalse();
    assertThat(manual.expectedReplicas()).isEqualTo(5);
  }

  @Test
  void theRateShowsCapacityOnlyAfterAWholeBackloggedMinute() {
    Duration minute = Duration.ofSeconds(60);
    Duration settle = Duration.ofSeconds(90);
    ScalingState s = ScalingState.initial().observe(new QueueObservation(10, 5, 2, T0), settle);
    assertThat(s.backlogSince()).contains(T0);
    assertThat(s.rateShowsCapacity(T0.plusSeconds(59), minute)).isFalse();

    s = s.observe(new QueueObservation(10, 5, 2, T0.plusSeconds(60)), settle);
    assertThat(s.rateShowsCapacity(T0.plusSeconds(60), minute)).isTrue();

    s = s.observe(new QueueObservation(0, 5, 2, T0.plusSeconds(75)), settle);
    assertThat(s.backlogSince()).isEmpty();
    assertThat(s.rateShowsCapacity(T0.plusSeconds(75), minute)).isFalse();
  }
}
