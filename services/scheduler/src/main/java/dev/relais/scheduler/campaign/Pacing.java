package dev.relais.scheduler.campaign;

import java.time.Instant;

/**
 * Spreads a campaign's messages over time to honour its rate: the i-th queued message (counting
 * from 0) may not leave before {@code start + i / maxRate} seconds.
 */
public final class Pacing {

  private Pacing() {}

  /** The earliest send time of the {@code index}-th message; {@code start} when unpaced. */
  public static Instant notBefore(Instant start, long index, int maxRate) {
    if (maxRate <= 0 || index <= 0) {
      return start;
    }
    long seconds = index / maxRate;
    long nanos = (index % maxRate) * 1_000_000_000L / maxRate;
    return start.plusSeconds(seconds).plusNanos(nanos);
  }
}
