package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CommitTrackerTest {

  private final Instant t = Instant.parse("2026-11-23T10:00:00Z");
  private final QueuePosition a = new QueuePosition(60, TimeUuids.at(t));
  private final QueuePosition b = new QueuePosition(60, TimeUuids.at(t.plusMillis(1)));
  private final QueuePosition c = new QueuePosition(120, TimeUuids.at(t.plusSeconds(60)));

  @Test
  void theCursorNeverPassesAMessageStillInFlight() {
    CommitTracker tracker = new CommitTracker();
    tracker.read(a);
    tracker.read(b);
    tracker.read(c);
    tracker.resolve(b);
    tracker.resolve(c);
    assertThat(tracker.advance(c)).isEmpty();

    tracker.resolve(a);
    assertThat(tracker.advance(c)).contains(new CommitTracker.Advance(c, 3));
    assertThat(tracker.unresolved()).isZero();
  }

  @Test
  void advancesOverTheResolvedPrefixOnly() {
    CommitTracker tracker = new CommitTracker();
    tracker.read(a);
    tracker.read(b);
    tracker.read(c);
    tracker.resolve(a);
    assertThat(tracker.advance(c)).contains(new CommitTracker.Advance(a, 1));
    assertThat(tracker.advance(c)).isEmpty();
    assertThat(tracker.unresolved()).isEqualTo(2);
  }

  @Test
  void theCursorWaitsForTheSweepAndInFlightCountsOnlyTheUnresolved() {
    CommitTracker tracker = new CommitTracker();
    tracker.read(a);
    tracker.read(b);
    tracker.read(c);
    tracker.resolve(a);
    tracker.resolve(b);
    tracker.resolve(c);
    tracker.resolve(c);
    assertThat(tracker.unresolved()).isZero();
    assertThat(tracker.advance(null)).as("nothing swept yet").isEmpty();
    assertThat(tracker.advance(a)).contains(new CommitTracker.Advance(a, 1));
    assertThat(tracker.advance(c)).contains(new CommitTracker.Advance(c, 2));
  }

  @Test
  void aRowFoundLateHoldsTheCursorBeforeItThoughReadAfterOthers() {
    CommitTracker tracker = new CommitTracker();
    tracker.read(b);
    tracker.read(a); // found late by the sweep, behind what the first pass returned
    tracker.resolve(b);
    assertThat(tracker.unresolved()).isEqualTo(1);
    assertThat(tracker.advance(c)).as("b is resolved, but a sits before it").isEmpty();
    tracker.resolve(a);
    assertThat(tracker.advance(c)).contains(new CommitTracker.Advance(b, 2));
  }

  @Test
  void resolvingAnUnknownPositionChangesNothing() {
    CommitTracker tracker = new CommitTracker();
    tracker.read(a);
    tracker.resolve(b);
    assertThat(tracker.advance(c)).isEmpty();
  }
}
