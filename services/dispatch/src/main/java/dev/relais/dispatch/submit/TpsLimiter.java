package dev.relais.dispatch.submit;

import java.util.function.LongSupplier;

/**
 * Caps submit_sm per second for this process with the generic cell rate algorithm (a token bucket
 * kept as one timestamp): permits are spaced {@code 1/tps} apart, and after an idle spell at most
 * {@code burst} of them go out at once.
 *
 * <p>The burst is small (a twentieth of a second's worth by default) because carriers count per
 * second: a full second of burst after idling would let two seconds' worth through in one.
 */
public final class TpsLimiter {

  private final long intervalNanos;
  private final long toleranceNanos;
  private final LongSupplier nanoClock;

  /** Theoretical arrival time of the next permit; guarded by this. */
  private long nextFreeNanos;

  /**
   * @param tps permits per second; 0 or less means unlimited
   * @param burst permits that may go out back to back after idling (at least 1)
   * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime} outside tests)
   */
  public TpsLimiter(double tps, int burst, LongSupplier nanoClock) {
    this.intervalNanos = tps <= 0 ? 0 : Math.max(1, (long) (1_000_000_000L / tps));
    this.toleranceNanos = intervalNanos * (Math.max(1, burst) - 1);
    this.nanoClock = nanoClock;
    this.nextFreeNanos = nanoClock.getAsLong();
  }

  /** A limiter at {@code tps} with a burst of a twentieth of a second (at least one permit). */
  public static TpsLimiter perSecond(double tps) {
    return new TpsLimiter(tps, (int) Math.max(1, Math.ceil(tps / 20)), System::nanoTime);
  }

  public boolean unlimited() {
    return intervalNanos == 0;
  }

  /**
   * Reserves {@code permits} and returns how long the caller must wait before using them (0 when
   * they are available now). Reservations are served in call order, so waiting callers keep their
   * turn.
   */
  public synchronized long reserve(int permits) {
    if (intervalNanos == 0) {
      return 0;
    }
    long now = nanoClock.getAsLong();
    long earliest = nextFreeNanos - toleranceNanos;
    long start = Math.max(now, earliest);
    nextFreeNanos = Math.max(nextFreeNanos, now) + intervalNanos * permits;
    return start - now;
  }

  /** Takes permits now if they are available without waiting. */
  public synchronized boolean tryAcquire(int permits) {
    if (intervalNanos == 0) {
      return true;
    }
    long now = nanoClock.getAsLong();
    if (nextFreeNanos - toleranceNanos > now) {
      return false;
    }
    nextFreeNanos = Math.max(nextFreeNanos, now) + intervalNanos * permits;
    return true;
  }

  /** Reserves permits and sleeps until they may be used. */
  public void acquire(int permits) throws InterruptedException {
    long wait = reserve(permits);
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }
}
