package dev.relais.smsc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ThroughputMeterTest {

  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final ThroughputMeter meter = new ThroughputMeter(now::get);

  private void recordAt(long millisSinceStart, int count) {
    now.set(1_000_000_000L + millisSinceStart * MS);
    for (int i = 0; i < count; i++) {
      meter.record();
    }
  }

  @Test
  void steadyRateGivesThatRateAsMaxAndLastSecond() {
    for (int ms = 0; ms < 5_000; ms += 10) {
      recordAt(ms, 1); // 100 per second
    }
    now.set(1_000_000_000L + 5_000 * MS);
    assertThat(meter.total()).isEqualTo(500);
    assertThat(meter.maxInAnyOneSecond()).isEqualTo(100);
    assertThat(meter.lastSecond()).isEqualTo(100);
  }

  @Test
  void burstAcrossASecondBoundaryIsCaughtBySlidingWindow() {
    // 80 at 0.9 s and 80 at 1.1 s: each calendar second sees 80, but one window sees 160.
    recordAt(900, 80);
    recordAt(1_100, 80);
    assertThat(meter.maxInAnyOneSecond()).isEqualTo(160);
  }

  @Test
  void burstsFartherApartThanASecondAreNotAdded() {
    recordAt(0, 50);
    recordAt(1_000, 60);
    assertThat(meter.maxInAnyOneSecond()).isEqualTo(60);
  }

  @Test
  void maxSurvivesBucketsFallingOutOfTheRing() {
    recordAt(100, 500);
    for (int s = 1; s <= 700; s++) {
      recordAt(s * 1_000L, 10); // eleven minutes later, the burst's buckets are overwritten
    }
    assertThat(meter.maxInAnyOneSecond()).isEqualTo(500);
  }

  @Test
  void lastSecondIgnoresOlderTraffic() {
    recordAt(0, 100);
    now.set(1_000_000_000L + 3_000 * MS);
    assertThat(meter.lastSecond()).isZero();
    assertThat(meter.maxInAnyOneSecond()).isEqualTo(100);
  }

  @Test
  void resetForgetsEverything() {
    recordAt(0, 100);
    meter.reset();
    assertThat(meter.total()).isZero();
    assertThat(meter.maxInAnyOneSecond()).isZero();
  }

  @Test
  void averageIsOverTheActiveSpan() {
    recordAt(0, 1);
    recordAt(2_000, 1);
    assertThat(meter.averagePerSecond()).isEqualTo(1.0);
  }
}
