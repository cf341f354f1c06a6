package dev.relais.dispatch.pump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IdleBackoffTest {

  private static final Duration BASE = Duration.ofMillis(75);
  private static final Duration CEILING = Duration.ofSeconds(1);

  @Test
  void emptyReadsWaitTwiceAsLongEachTimeUpToTheCeiling() {
    IdleBackoff backoff = new IdleBackoff(BASE, CEILING);
    assertThat(backoff.afterEmptyRead()).isEqualTo(Duration.ofMillis(75));
    assertThat(backoff.afterEmptyRead()).isEqualTo(Duration.ofMillis(150));
    assertThat(backoff.afterEmptyRead()).isEqualTo(Duration.ofMillis(300));
    assertThat(backoff.afterEmptyRead()).isEqualTo(Duration.ofMillis(600));
    assertThat(backoff.afterEmptyRead()).isEqualTo(CEILING);
    assertThat(backoff.afterEmptyRead()).isEqualTo(CEILING);
  }

  @Test
  void aReadThatFindsMessagesBringsTheWaitBackToTheBase() {
    IdleBackoff backoff = new IdleBackoff(BASE, CEILING);
    for (int i = 0; i < 10; i++) {
      backoff.afterEmptyRead();
    }
    assertThat(backoff.afterPartialRead()).isEqualTo(BASE);
    assertThat(backoff.afterEmptyRead()).isEqualTo(BASE);

    for (int i = 0; i < 10; i++) {
      backoff.afterEmptyRead();
    }
    backoff.found(); // a full batch: read again at once, and wait the base if it comes back empty
    assertThat(backoff.afterEmptyRead()).isEqualTo(BASE);
  }

  @Test
  void aCeilingBelowTheBaseKeepsTheBase() {
    IdleBackoff backoff = new IdleBackoff(BASE, Duration.ofMillis(10));
    assertThat(backoff.afterEmptyRead()).isEqualTo(BASE);
    assertThat(backoff.afterEmptyRead()).isEqualTo(BASE);
  }

  @Test
  void theBaseMustBePositive() {
    assertThatThrownBy(() -> new IdleBackoff(Duration.ZERO, CEILING))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
