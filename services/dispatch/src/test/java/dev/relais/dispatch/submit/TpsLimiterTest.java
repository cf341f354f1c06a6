package dev.relais.dispatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The submit rate cap, on a fake clock. */
class TpsLimiterTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long MILLI = 1_000_000L;

  private final AtomicLong now = new AtomicLong(42 * SECOND);

  @Test
  void zeroMeansUnlimited() {
    TpsLimiter limiter = new TpsLimiter(0, 1, now::get);
    assertThat(limiter.unlimited()).isTrue();
    for (int i = 0; i < 10_000; i++) {
      assertThat(limiter.reserve(1)).isZero();
    }
  }

  @Test
  void permitsAreSpacedByTheIntervalWhenNoBurstIsAllowed() {
    TpsLimiter limiter = new TpsLimiter(100, 1, now::get);
    assertThat(limiter.reserve(1)).isZero();
    assertThat(limiter.reserve(1)).isEqualTo(10 * MILLI);
    assertThat(limiter.reserve(1)).isEqualTo(20 * MILLI);
    now.addAndGet(25 * MILLI);
    assertThat(limiter.reserve(1)).isEqualTo(5 * MILLI);
  }

  @Test
  void afterIdlingOnlyTheBurstGoesOutAtOnce() {
    TpsLimiter limiter = new TpsLimiter(1000, 5, now::get);
    now.addAndGet(10 * SECOND);
    int immediate = 0;
    while (limiter.tryAcquire(1)) {
      immediate++;
    }
    assertThat(immediate).isEqualTo(5);
    now.addAndGet(MILLI);
    assertThat(limiter.tryAcquire(1)).isTrue();
    assertThat(limiter.tryAcquire(1)).isFalse();
  }

  @Test
  void aMultipartMessageTakesOnePermitPerPart() {
    TpsLimiter limiter = new TpsLimiter(10, 1, now::get);
    assertThat(limiter.reserve(3)).isZero();
    assertThat(limiter.reserve(1)).isEqualTo(300 * MILLI);
  }

  @Test
  void noOneSecondWindowEverHoldsMoreThanTheRatePlusTheBurst() {
    int tps = 1000;
    int burst = 50;
    TpsLimiter limiter = new TpsLimiter(tps, burst, now::get);
    List<Long> sendTimes = new ArrayList<>();
    long start = now.get();
    // Eager callers: each reserves, "sleeps" until its slot, and idles now and then.
    for (int i = 0; i < 5000; i++) {
      long wait = limiter.reserve(1);
      now.addAndGet(wait);
      sendTimes.add(now.get());
      if (i % 2500 == 2499) {
        now.addAndGet(300 * MILLI);
      }
    }
    int worst = busiestSecond(sendTimes);
    assertThat(worst).isLessThanOrEqualTo(tps + burst);
    assertThat(worst).isGreaterThanOrEqualTo(tps); // the limiter does not under-use the rate
    long elapsed = now.get() - start;
    assertThat(elapsed).isGreaterThan(4 * SECOND).isLessThan(7 * SECOND);
  }

  @Test
  void theServiceLimiterNeverLetsTheCapIntoOneSecondEvenAfterIdling() {
    int tps = 150;
    TpsLimiter limiter = TpsLimiter.perSecond(tps, now::get);
    List<Long> sendTimes = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      now.addAndGet(limiter.reserve(1));
      sendTimes.add(now.get());
      if (i % 400 == 399) {
        now.addAndGet(2 * SECOND);
      }
    }
    int worst = busiestSecond(sendTimes);
    assertThat(worst).isLessThanOrEqualTo(tps).isGreaterThanOrEqualTo((int) (tps * 0.97));
  }

  @Test
  void underALowCapTheServiceLimiterLeavesAtLeastOnePermitOfHeadroom() {
    // A replica's share of a route is often a few tens of TPS: 98 % of 20 is 19.6 permits a
    // second, and 20 of them spaced 1/19.6 s apart fit into one second, the whole cap.
    for (int tps = 2; tps <= 120; tps++) {
      TpsLimiter limiter = TpsLimiter.perSecond(tps, now::get);
      List<Long> sendTimes = new ArrayList<>();
      for (int i = 0; i < 5 * tps; i++) {
        now.addAndGet(limiter.reserve(1));
        sendTimes.add(now.get());
        if (i % (2 * tps) == 2 * tps - 1) {
          now.addAndGet(3 * SECOND);
        }
      }
      assertThat(busiestSecond(sendTimes))
          .as("busiest second at a cap of %d", tps)
          .isLessThanOrEqualTo(tps - 1)
          .isGreaterThanOrEqualTo(Math.min(tps - 1, (int) (tps * 0.97)));
    }
  }

  @Test
  void underAHighCapTheServiceLimiterLetsAMillisecondsWorthGoBackToBack() {
    TpsLimiter limiter = TpsLimiter.perSecond(100_000, now::get);
    now.addAndGet(SECOND);
    int immediate = 0;
    while (limiter.tryAcquire(1)) {
      immediate++;
    }
    assertThat(immediate).isEqualTo(98); // a millisecond at 98 % of the cap

    TpsLimiter slow = TpsLimiter.perSecond(500, now::get);
    now.addAndGet(SECOND);
    assertThat(slow.tryAcquire(1)).isTrue();
    assertThat(slow.tryAcquire(1)).isFalse(); // under 1,000 TPS, every permit is spaced
  }

  @Test
  void underAHighCapTheBurstsStillKeepEverySecondUnderTheCap() {
    int tps = 20_000;
    TpsLimiter limiter = TpsLimiter.perSecond(tps, now::get);
    List<Long> sendTimes = new ArrayList<>();
    // Eager callers, with an idle spell after which a whole burst goes out at once.
    for (int i = 0; i < 60_000; i++) {
      now.addAndGet(limiter.reserve(1));
      sendTimes.add(now.get());
      if (i % 20_000 == 19_999) {
        now.addAndGet(700 * MILLI);
      }
    }
    assertThat(busiestSecond(sendTimes))
        .isLessThanOrEqualTo(tps)
        .isGreaterThanOrEqualTo((int) (tps * 0.97));
  }

  /** The most send times found in any one-second window. */
  private static int busiestSecond(List<Long> sendTimes) {
    int worst = 0;
    int from = 0;
    for (int to = 0; to < sendTimes.size(); to++) {
      while (sendTimes.get(to) - sendTimes.get(from) >= SECOND) {
        from++;
      }
      worst = Math.max(worst, to - from + 1);
    }
    return worst;
  }

  @Test
  void aCallerThatWakesLateDoesNotGoOutTogetherWithTheNextOne() {
    TpsLimiter limiter = new TpsLimiter(100, 1, now::get);
    long first = limiter.reserve(1);
    long second = limiter.reserve(1);
    assertThat(second).isEqualTo(10 * MILLI);
    // The first caller oversleeps by 9 ms and is admitted then; the second, on time at 10 ms,
    // must wait until 10 ms after the first really went out.
    now.addAndGet(first + 9 * MILLI);
    assertThat(limiter.admit(1)).isZero();
    now.addAndGet(MILLI);
    assertThat(limiter.admit(1)).isEqualTo(9 * MILLI);
    now.addAndGet(9 * MILLI);
    assertThat(limiter.admit(1)).isZero();
  }

  @Test
  void concurrentCallersShareTheRate() throws InterruptedException {
    TpsLimiter limiter = new TpsLimiter(200, 1, now::get);
    AtomicLong totalWait = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(
          Thread.ofVirtual()
              .start(() -> {
                for (int i = 0; i < 50; i++) {
                  totalWait.addAndGet(limiter.reserve(1));
                }
              }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    // 200 reservations at the same instant: waits 0, 5ms, ..., 995ms, whatever the interleaving.
    assertThat(totalWait.get()).isEqualTo(5 * MILLI * (199L * 200 / 2));
  }
}
