package dev.relais.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Submits per second over the last minute. */
class DrainRateTest {

  private static final long T0 = 1_800_000_000_000L;

  @Test
  void aSteadyPaceIsReportedAsIs() {
    DrainRate rate = new DrainRate(T0);
    for (int s = 0; s < 120; s++) {
      rate.record(250, T0 + s * 1000L);
    }
    assertThat(rate.perSecond(T0 + 120_000)).isCloseTo(250, within(5.0));
  }

  @Test
  void aFreshDispatcherIsMeasuredOverItsUptime() {
    DrainRate rate = new DrainRate(T0);
    for (int s = 0; s < 10; s++) {
      rate.record(100, T0 + s * 1000L);
    }
    assertThat(rate.perSecond(T0 + 10_000)).isCloseTo(100, within(1.0));
  }

  @Test
  void submitsOlderThanAMinuteNoLongerCount() {
    DrainRate rate = new DrainRate(T0);
    rate.record(6000, T0);
    assertThat(rate.perSecond(T0 + 59_000)).isCloseTo(6000 / 59.0, within(1.0));
    assertThat(rate.perSecond(T0 + 61_000)).isZero();
  }
}
