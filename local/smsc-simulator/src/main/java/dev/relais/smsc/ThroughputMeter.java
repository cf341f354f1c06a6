package dev.relais.smsc;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counts submit_sm arrivals in 100 ms buckets to answer "how many per second": over the last
 * second, and the most in any one-second window since start. Windows slide by 100 ms, so a sender
 * that bursts across a calendar-second boundary is still caught; this is what checks that a route's
 * TPS cap holds in sum across dispatch replicas.
 */
public final class ThroughputMeter {

  static final long BUCKET_NANOS = 100_000_000L;
  static final int BUCKETS_PER_SECOND = 10;

  /** Ten minutes of buckets; older windows survive only through {@link #evictedMax}. */
  private static final int RING = 6_000;

  private final LongSupplier nanoClock;
  private final AtomicLongArray counts = new AtomicLongArray(RING);
  private final AtomicLongArray bucketOfSlot = new AtomicLongArray(RING);
  private final LongAdder total = new LongAdder();
  private volatile long origin;
  private volatile long firstNanos;
  private volatile long lastNanos;
  private long evictedMax; // guarded by this

  ThroughputMeter(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    reset();
  }

  ThroughputMeter() {
    this(System::nanoTime);
  }

  /** Counts one arrival now. */
  void record() {
    long now = nanoClock.getAsLong();
    long bucket = (now - origin) / BUCKET_NANOS;
    int slot = (int) (bucket % RING);
    if (bucketOfSlot.get(slot) != bucket) {
      advance(slot, bucket);
    }
    counts.incrementAndGet(slot);
    total.increment();
    if (firstNanos == Long.MIN_VALUE) {
      firstNanos = now;
    }
    lastNanos = now;
  }

  /** Arrivals counted since start or the last reset. */
  public long total() {
    return total.sum();
  }

  /** Arrivals in the last full second (the ten 100 ms buckets before the current one). */
  public long lastSecond() {
    long current = (nanoClock.getAsLong() - origin) / BUCKET_NANOS;
    return windowSum(current - BUCKETS_PER_SECOND);
  }

  /** The most arrivals seen in any one-second window (sliding by 100 ms), the current included. */
  public synchronized long maxInAnyOneSecond() {
    long max = evictedMax;
    for (int slot = 0; slot < RING; slot++) {
      long bucket = bucketOfSlot.get(slot);
      // Only windows starting at a non-empty bucket can be maximal: any other window is covered
      // by the one starting at the next non-empty bucket.
      if (bucket >= 0 && counts.get(slot) > 0) {
        max = Math.max(max, windowSum(bucket));
      }
    }
    return max;
  }

  /** Mean arrivals per second between the first and the last arrival. */
  public double averagePerSecond() {
    long first = firstNanos;
    long count = total.sum();
    if (first == Long.MIN_VALUE || count < 2) {
      return 0;
    }
    double seconds = (lastNanos - first) / 1e9;
    return seconds <= 0 ? 0 : count / seconds;
  }

  /** Forgets everything counted so far. */
  synchronized void reset() {
    for (int slot = 0; slot < RING; slot++) {
      bucketOfSlot.set(slot, -1);
      counts.set(slot, 0);
    }
    evictedMax = 0;
    total.reset();
    firstNanos = Long.MIN_VALUE;
    lastNanos = Long.MIN_VALUE;
    origin = nanoClock.getAsLong();
  }

  private synchronized void advance(int slot, long bucket) {
    long previous = bucketOfSlot.get(slot);
    if (previous >= bucket) {
      // Another thread advanced it first (or this thread is late): count in what is there.
      return;
    }
    if (previous >= 0) {
      // The window starting at the bucket being overwritten is complete; keep its sum.
      evictedMax = Math.max(evictedMax, windowSum(previous));
    }
    counts.set(slot, 0);
    bucketOfSlot.set(slot, bucket);
  }

  private long windowSum(long firstBucket) {
    long sum = 0;
    for (long b = firstBucket; b < firstBucket + BUCKETS_PER_SECOND; b++) {
      if (b < 0) {
        continue;
      }
      int slot = (int) (b % RING);
      if (bucketOfSlot.get(slot) == b) {
        sum += counts.get(slot);
      }
    }
    return sum;
  }
}
