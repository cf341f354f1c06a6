package dev.relais.dispatch.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reconnect and retry delays. */
class BackoffTest {

  @Test
  void withoutJitterEachAttemptDoublesUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0, () -> 0.7);
    assertThat(backoff.delay(0)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delay(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delay(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(backoff.delay(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.delay(1000)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void jitterTakesOffAtMostItsShareAndNeverReachesZero() {
    Backoff lowest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.5, () -> 0.9999);
    Backoff highest = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.5, () -> 0.0);
    for (int attempt = 0; attempt < 12; attempt++) {
      Duration low = lowest.delay(attempt);
      Duration high = highest.delay(attempt);
      assertThat(low).isGreaterThanOrEqualTo(high.dividedBy(2)).isPositive();
      assertThat(high).isLessThanOrEqualTo(Duration.ofSeconds(60));
    }
  }

  @Test
  void twoSessionsDroppedTogetherDoNotRetryInLockstep() {
    java.util.Random random = new java.util.Random(7);
    Backoff backoff =
        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.5, random::nextDouble);
    assertThat(backoff.delay(3)).isNotEqualTo(backoff.delay(3));
  }

  @Test
  void negativeAttemptsAreTreatedAsTheFirst() {
    Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0, () -> 0);
    assertThat(backoff.delay(-3)).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void nonsensicalBoundsAreRefused() {
    assertThatThrownBy(() -> Backoff.of(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Backoff.of(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
