package dev.relais.scheduler.campaign;

import java.time.Duration;

/**
 * How far ahead of the clock a page's floor is set, so that the page is durable in the queue before
 * dispatchers read that far.
 *
 * <p>A page's floor is chosen, then saved with the campaign's progress, then the page is written
 * (see {@link CampaignExpansion}). Dispatchers read a message once its due time is older than their
 * settle delay; a message written later than that lands behind the reader and waits for its sweep.
 * So the floor leads the clock by twice the longest time a recent page took from its floor's choice
 * to durability (its save and its write), within {@link #MIN} and {@link #MAX}. The first page of a
 * run has no such history and no lead: it is written at once, as the queue expects of any write.
 *
 * <p>The lead delays nothing while dispatch has a backlog, which it has from the second page on
 * unless expansion is slower than sending; then it adds at most the lead to each page's latency.
 */
final class WriteLead {

  /** The smallest lead once pages have been written: absorbs a save or write slower than usual. */
  static final Duration MIN = Duration.ofMillis(200);

  /** The largest lead: well inside the queue's lookback, so a late write is still found. */
  static final Duration MAX = Duration.ofSeconds(5);

  /** Pages whose durations are remembered. */
  private static final int HISTORY = 4;

  private final long[] recentMillis = new long[HISTORY];
  private int recorded;

  /** The lead for the next floor. */
  Duration next() {
    if (recorded == 0) {
      return Duration.ZERO;
    }
    long longest = 0;
    for (int i = 0; i < Math.min(recorded, HISTORY); i++) {
      longest = Math.max(longest, recentMillis[i]);
    }
    return Duration.ofMillis(Math.clamp(2 * longest, MIN.toMillis(), MAX.toMillis()));
  }

  /** Records how long a page took from the choice of its floor until its write was durable. */
  void record(Duration chosenToDurable) {
    recentMillis[recorded % HISTORY] = Math.max(0, chosenToDurable.toMillis());
    recorded++;
  }
}
