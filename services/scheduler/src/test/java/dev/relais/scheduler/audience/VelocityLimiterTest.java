package dev.relais.scheduler.audience;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VelocityLimiterTest {

  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  @Test
  void aWalkThroughOneRangeStopsAtTheLimit() {
    VelocityLimiter limiter = new VelocityLimiter(4, 100, Duration.ofHours(1));
    int accepted = 0;
    for (int i = 0; i < 1000; i++) {
      if (limiter.tryAcquire(String.format("+88216%06d", i), T0)) {
        accepted++;
      }
    }
    // 1000 sequential numbers, all in the block +8821600xxxx of 10,000 numbers.
    assertThat(accepted).isEqualTo(100);
  }

  @Test
  void aRealAudienceSpreadOverManyBlocksIsNotLimited() {
    VelocityLimiter limiter = new VelocityLimiter(4, 100, Duration.ofHours(1));
    int accepted = 0;
    for (long i = 0; i < 10_000; i++) {
      long subscriber = Math.floorMod(i * 7919L + 1_234_567L, 100_000_000L);
      if (limiter.tryAcquire(String.format("+336%08d", subscriber), T0)) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(10_000);
  }

  @Test
  void countsStartAgainInTheNextWindow() {
    VelocityLimiter limiter = new VelocityLimiter(4, 1, Duration.ofHours(1));

    assertThat(limiter.tryAcquire("+33612345678", T0)).isTrue();
    assertThat(limiter.tryAcquire("+33612340000", T0.plusSeconds(60))).isFalse();
    assertThat(limiter.tryAcquire("+33612345678", T0.plus(Duration.ofHours(1)))).isTrue();
  }

  @Test
  void blocksDropTheTrailingDigits() {
    VelocityLimiter limiter = new VelocityLimiter(4, 1, Duration.ofHours(1));

    assertThat(limiter.block("+33612345678")).isEqualTo("+3361234");
    assertThat(limiter).hasToString("1 per PT1H per block of 10000 numbers");
    assertThat(VelocityLimiter.unlimited().tryAcquire("+33612345678", T0)).isTrue();
  }
}
