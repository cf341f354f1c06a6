package dev.relais.dispatch;

/**
 * Messages submitted per second over the last minute, kept as sixty one-second buckets so that
 * recording stays O(1) at thousands per second.
 *
 * <p>While the dispatcher has been up for less than a minute the rate is over its uptime, so that a
 * fresh replica does not report a sixtieth of its real pace to the autoscaler.
 */
public final class DrainRate {

  private static final int SECONDS = 60;

  private final long[] counts = new long[SECONDS];
  private final long[] bucketSecond = new long[SECONDS];
  private final long startMillis;

  public DrainRate(long nowMillis) {
    this.startMillis = nowMillis;
  }

  public synchronized void record(long messages, long nowMillis) {
    long second = Math.floorDiv(nowMillis, 1000);
    int i = Math.floorMod(second, SECONDS);
    if (bucketSecond[i] != second) {
      bucketSecond[i] = second;
      counts[i] = 0;
    }
    counts[i] += messages;
  }

  /** Average messages per second over the last minute (or the uptime, if shorter). */
  public synchronized double perSecond(long nowMillis) {
    long second = Math.floorDiv(nowMillis, 1000);
    long total = 0;
    for (int i = 0; i < SECONDS; i++) {
      if (second - bucketSecond[i] < SECONDS && bucketSecond[i] <= second) {
        total += counts[i];
      }
    }
    double window = Math.min(SECONDS, Math.max(1.0, (nowMillis - startMillis) / 1000.0));
    return total / window;
  }
}
