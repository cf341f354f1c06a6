package dev.relais.dispatch.smpp;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: attempt {@code n} waits {@code initial * 2^n}, capped at {@code
 * max}, less a random share of up to {@code jitter} of it. The jitter keeps many sessions (and
 * replicas) that dropped together from reconnecting in lockstep; the floor of half the delay keeps
 * every wait meaningful, so a failing peer never sees a tight loop.
 */
public final class Backoff {

  private final long initialMillis;
  private final long maxMillis;
  private final double jitter;
  private final DoubleSupplier random;

  /**
   * @param jitter fraction of the delay that may be taken off at random, within 0..0.5
   * @param random uniform values in [0, 1)
   */
  public Backoff(Duration initial, Duration max, double jitter, DoubleSupplier random) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max");
    }
    if (jitter < 0 || jitter > 0.5) {
      throw new IllegalArgumentException("jitter must be within 0..0.5");
    }
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.jitter = jitter;
    this.random = random;
  }

  public static Backoff of(Duration initial, Duration max) {
    return new Backoff(initial, max, 0.5, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The wait before retry number {@code attempt} (0 for the first retry). */
  public Duration delay(int attempt) {
    int exponent = Math.max(0, Math.min(attempt, 30));
    long base = initialMillis << exponent;
    if (base <= 0 || base > maxMillis) {
      base = maxMillis;
    }
    long jittered = Math.round(base * (1.0 - jitter * random.getAsDouble()));
    return Duration.ofMillis(Math.max(1, jittered));
  }
}
