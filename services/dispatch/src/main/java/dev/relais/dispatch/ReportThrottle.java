package dev.relais.dispatch;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Folds a burst of one kind of event into one log line at most every ten seconds: each event is
 * counted, and the first one after the quiet period is told how many happened since the last line.
 */
public final class ReportThrottle {

  /** Shortest time between two lines. */
  public static final long REPORT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final LongSupplier nanoTime;
  private boolean reported;
  private long reportedAt;
  private long unreported;

  /**
   * @param nanoTime the monotonic clock, {@code System::nanoTime} outside tests
   */
  public ReportThrottle(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Counts one event; returns how many to report now (this one included), or 0 when a line was
   * written less than ten seconds ago.
   */
  public synchronized long occurred() {
    unreported++;
    long now = nanoTime.getAsLong();
    if (reported && now - reportedAt < REPORT_EVERY_NANOS) {
      return 0;
    }
    reported = true;
    reportedAt = now;
    long count = unreported;
    unreported = 0;
    return count;
  }
}
