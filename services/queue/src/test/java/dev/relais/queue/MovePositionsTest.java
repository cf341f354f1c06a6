package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MovePositionsTest {

  private static final long WINDOW = 10_000;

  @Test
  void oneMessageInOneWindowAlwaysGetsTheSameSeq() {
    UUID id = UUID.randomUUID();
    long due = MovePositions.dueMillis(1_795_000_003_456L, WINDOW);
    assertThat(MovePositions.seq(id, due)).isEqualTo(MovePositions.seq(id, due));
    assertThat(MovePositions.dueMillis(1_795_000_009_999L, WINDOW)).isEqualTo(due);
  }

  @Test
  void aMoveIsDueAtTheEndOfItsWindowNeverBeforeTheMoveAndAtMostOneWindowAfter() {
    for (long at : new long[] {1_795_000_000_000L, 1_795_000_000_001L, 1_795_000_009_999L}) {
      long due = MovePositions.dueMillis(at, WINDOW);
      assertThat(due).isGreaterThan(at).isLessThanOrEqualTo(at + WINDOW);
      assertThat(due % WINDOW).isZero();
    }
  }

  @Test
  void theSeqIsATimeUuidOfTheDueMillisecond() {
    long due = 1_795_000_010_000L;
    UUID seq = MovePositions.seq(UUID.randomUUID(), due);
    assertThat(seq.version()).isEqualTo(1);
    assertThat(seq.variant()).isEqualTo(2);
    long millis = (seq.timestamp() - 0x01B21DD213814000L) / 10_000;
    assertThat(millis).isEqualTo(due);
    assertThat(TimeUuids.compare(seq, TimeUuids.at(java.time.Instant.ofEpochMilli(due - 1))))
        .isPositive();
  }

  @Test
  void differentMessagesOrWindowsGetDifferentSeqs() {
    Set<UUID> seqs = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      seqs.add(MovePositions.seq(UUID.randomUUID(), 1_795_000_010_000L));
    }
    assertThat(seqs).hasSize(10_000);
    UUID id = UUID.randomUUID();
    assertThat(MovePositions.seq(id, 1_795_000_010_000L))
        .isNotEqualTo(MovePositions.seq(id, 1_795_000_020_000L));
  }

  @Test
  void windowsStayWellInsideTheLookback() {
    assertThat(MovePositions.windowMillis(Duration.ofSeconds(15))).isEqualTo(7_500);
    assertThat(MovePositions.windowMillis(Duration.ofMinutes(5))).isEqualTo(10_000);
    assertThat(MovePositions.windowMillis(Duration.ofMillis(500))).isEqualTo(1_000);
  }
}
