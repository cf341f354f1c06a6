package dev.relais.scheduler.audience;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A per-prefix velocity limit against SMS-pumping fraud: at most {@code limit} messages per window
 * to any block of consecutive numbers (the E.164 number without its last {@code blockDigits}
 * digits). A real audience spreads over millions of numbers; a pumping attack walks through one
 * premium range, which this stops after the first few hundred messages.
 *
 * <p>Shared by every campaign this scheduler instance expands; counts reset at each fixed window.
 * Thread-safe.
 */
public final class VelocityLimiter {

  private final int blockDigits;
  private final int limit;
  private final long windowMillis;
  private volatile long currentWindow = Long.MIN_VALUE;
  private volatile ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  /**
   * @param blockDigits trailing digits that vary inside a block (4: blocks of 10,000 numbers)
   * @param limit messages per block and window; 0 disables the limit
   */
  public VelocityLimiter(int blockDigits, int limit, Duration window) {
    if (blockDigits < 1 || blockDigits > 8) {
      throw new IllegalArgumentException("velocity block digits must be within 1..8");
    }
    if (limit < 0 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("velocity limit must be >= 0 with a positive window");
    }
    this.blockDigits = blockDigits;
    this.limit = limit;
    this.windowMillis = window.toMillis();
  }

  /** No limit at all. */
  public static VelocityLimiter unlimited() {
    return new VelocityLimiter(4, 0, Duration.ofHours(1));
  }

  /** Counts a message to {@code e164} at {@code now}; false when its block is over the limit. */
  public boolean tryAcquire(String e164, Instant now) {
    if (limit == 0) {
      return true;
    }
    long window = now.toEpochMilli() / windowMillis;
    if (window != currentWindow) {
      roll(window);
    }
    AtomicInteger count = counts.computeIfAbsent(block(e164), b -> new AtomicInteger());
    return count.incrementAndGet() <= limit;
  }

  private synchronized void roll(long window) {
    if (window != currentWindow) {
      counts = new ConcurrentHashMap<>();
      currentWindow = window;
    }
  }

  /** The block of a number, e.g. "+3361234" for +33612345678 with 4 block digits. */
  public String block(String e164) {
    return e164.length() > blockDigits + 1 ? e164.substring(0, e164.length() - blockDigits) : e164;
  }

  /** A readable description for logs and status, e.g. "1000 per PT1H per block of 10000". */
  @Override
  public String toString() {
    return limit == 0
        ? "unlimited"
        : limit
            + " per "
            + Duration.ofMillis(windowMillis)
            + " per block of "
            + (long) Math.pow(10, blockDigits)
            + " numbers";
  }
}
