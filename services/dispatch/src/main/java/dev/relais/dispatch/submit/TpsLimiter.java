package dev.relais.dispatch.submit;

import java.util.function.LongSupplier;

/**
 * Caps submit_sm per second for this process with the generic cell rate algorithm (a token bucket
 * kept as one timestamp): permits are spaced {@code 1/tps} apart, and after an idle spell at most
 * {@code burst} of them go out at once.
 *
 * <p>A carrier counts submit_sm as they arrive, per second. {@link #perSecond} therefore paces
 * below the cap, at {@value #HEADROOM} of it and at least one permit under it (scheduling and
 * network jitter bunch arrivals together a little, and the headroom absorbs that: at a low cap,
 * such as one replica's share of a route, 98 % would still let the whole cap into one second), and
 * allows a burst of only a millisecond's worth of permits: any one-second window then holds at most
 * 98.1 % of the cap and at least one permit less, and a dispatcher handed a page of messages under
 * a high cap sleeps once per burst instead of once per message.
 */
public final class TpsLimiter {

  private final long intervalNanos;
  private final long toleranceNanos;
  private final LongSupplier nanoClock;

  /** Theoretical arrival time of the next reserved permit; guarded by this. */
  private long nextFreeNanos;

  /** Theoretical arrival time of the next permit actually used; guarded by this. */
  private long nextAdmitNanos;

  /**
   * @param tps permits per second; 0 or less means unlimited
   * @param burst permits that may go out back to back after idling (at least 1)
   * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime} outside tests)
   */
  public TpsLimiter(double tps, int burst, LongSupplier nanoClock) {
    // Rounded up, so that tps permits spaced by it never fit into one second.
    this.intervalNanos = tps <= 0 ? 0 : Math.max(1, (long) Math.ceil(1_000_000_000d / tps));
    this.toleranceNanos = intervalNanos * (Math.max(1, burst) - 1);
    this.nanoClock = nanoClock;
    this.nextFreeNanos = nanoClock.getAsLong();
    this.nextAdmitNanos = nextFreeNanos;
  }

  /** Share of the configured cap actually used; see the class comment. */
  public static final double HEADROOM = 0.98;

  /** The limiter of a dispatcher capped at {@code tps} (0 for unlimited). */
  public static TpsLimiter perSecond(double tps) {
    return perSecond(tps, System::nanoTime);
  }

  static TpsLimiter perSecond(double tps, LongSupplier nanoClock) {
    double rate = tps <= 0 ? 0 : Math.max(1, Math.min(Math.floor(tps * HEADROOM), tps - 1));
    int burst = (int) Math.max(1, Math.floor(rate / BURSTS_PER_SECOND));
    return new TpsLimiter(rate, burst, nanoClock);
  }

  /** {@link #perSecond} lets a millisecond's worth of permits go back to back. */
  private static final int BURSTS_PER_SECOND = 1000;

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

  /**
   * Admits reserved permits at the actual time of use: 0 if they may be used now (and they count
   * from now), else how long to wait before asking again.
   *
   * <p>Reservations spread waiting callers out, but a caller that wakes late (a busy machine) would
   * then go out together with the next one, and the SMSC would count both in the same second. This
   * second, identical rate check on actual use times keeps what really goes out within the rate.
   */
  public synchronized long admit(int permits) {
    if (intervalNanos == 0) {
      return 0;
    }
    long now = nanoClock.getAsLong();
    long earliest = nextAdmitNanos - toleranceNanos;
    if (earliest > now) {
      return earliest - now;
    }
    nextAdmitNanos = Math.max(nextAdmitNanos, now) + intervalNanos * permits;
    return 0;
  }

  /** Reserves permits, sleeps until their turn, and returns once they are admitted. */
  public void acquire(int permits) throws InterruptedException {
    if (intervalNanos == 0) {
      return;
    }
    sleepNanos(reserve(permits));
    for (long wait = admit(permits); wait > 0; wait = admit(permits)) {
      sleepNanos(wait);
    }
  }

  private static void sleepNanos(long nanos) throws InterruptedException {
    if (nanos > 0) {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    }
  }
}
