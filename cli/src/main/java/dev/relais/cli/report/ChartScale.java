package dev.relais.cli.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The value axis of a chart: from 0 to a round maximum at or above the largest value, in 2 to 5
 * round steps (1, 2 or 5 times a power of ten), so that ticks read 0, 250, 500, 750, 1,000.
 */
public record ChartScale(long max, long step) {

  /** The scale for values up to {@code largest}; 0 to 1 when there is nothing to show. */
  public static ChartScale upTo(long largest) {
    if (largest <= 0) {
      return new ChartScale(1, 1);
    }
    long step = 1;
    while (true) {
      for (long factor : new long[] {1, 2, 5}) {
        long candidate = step * factor;
        if (Math.ceilDiv(largest, candidate) <= 4) {
          return new ChartScale(Math.ceilDiv(largest, candidate) * candidate, candidate);
        }
      }
      step = Math.multiplyExact(step, 10);
    }
  }

  /** The tick values, 0 first. */
  public List<Long> ticks() {
    List<Long> ticks = new ArrayList<>();
    for (long tick = 0; tick <= max; tick += step) {
      ticks.add(tick);
    }
    return ticks;
  }

  /** Length of {@code value} on an axis {@code length} long. */
  public double lengthOf(long value, double length) {
    return length * value / max;
  }
}
