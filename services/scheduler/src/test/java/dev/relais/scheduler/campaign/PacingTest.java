package dev.relais.scheduler.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PacingTest {

  private static final Instant START = Instant.parse("2026-11-24T09:00:00Z");

  @Test
  void unpacedMessagesAllStartAtTheStart() {
    assertThat(Pacing.notBefore(START, 0, 0)).isEqualTo(START);
    assertThat(Pacing.notBefore(START, 99_999, 0)).isEqualTo(START);
  }

  @Test
  void ithMessageLeavesIOverRateSecondsAfterTheStart() {
    assertThat(Pacing.notBefore(START, 0, 100)).isEqualTo(START);
    assertThat(Pacing.notBefore(START, 1, 100)).isEqualTo(START.plusMillis(10));
    assertThat(Pacing.notBefore(START, 150, 100)).isEqualTo(START.plusMillis(1500));
    assertThat(Pacing.notBefore(START, 100_000, 100)).isEqualTo(START.plusSeconds(1000));
  }

  @Test
  void oddRatesKeepSubMillisecondPrecisionWithoutDrift() {
    assertThat(Pacing.notBefore(START, 1, 3)).isEqualTo(START.plusNanos(333_333_333));
    assertThat(Pacing.notBefore(START, 3_000_000, 3)).isEqualTo(START.plusSeconds(1_000_000));
  }
}
