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
    assertThat(tracker.advance()).isEmpty();

    tracker.resolve(a);
    assertThat(tracker.advance()).contains(new CommitTracker.Advance(c, 3));
    assertThat(tracker.outstanding()).isZero();
  }

  @Test
  void advancesOverTheResolvedPrefixOnly() {
    CommitTracker tracker = new CommitTracker();
    tracker.read(a);
    tracker.read(b);
    tracker.read(c);
    tracker.resolve(a);
    assertThat(tracker.advance()).contains(new CommitTracker.Advance(a, 1));
    assertThat(tracker.advance()).isEmpty();
    assertThat(tracker.outstanding()).isEqualTo(2);
  }

  @Test
  void resolvingAnUnknownPositionChangesNothing() {
    CommitTracker tracker = new CommitTracker();
    tracker.read(a);
    tracker.resolve(b);
    assertThat(tracker.advance()).isEmpty();
  }
}
