package dev.relais.analytics.events;

import static dev.relais.analytics.events.BatchClaimDecision.DONE;
import static dev.relais.analytics.events.BatchClaimDecision.DUPLICATE;
import static dev.relais.analytics.events.BatchClaimDecision.IN_PROGRESS;
import static dev.relais.analytics.events.BatchClaimDecision.PENDING;
import static dev.relais.analytics.events.BatchClaimDecision.TAKE_OVER;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchClaimDecisionTest {

  private static final Instant CLAIMED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(60);

  @Test
  void aDoneBatchIsADuplicateHoweverOld() {
    assertThat(BatchClaimDecision.decide(DONE, CLAIMED, CLAIMED.plusSeconds(1), LEASE))
        .isEqualTo(DUPLICATE);
    assertThat(BatchClaimDecision.decide(DONE, CLAIMED, CLAIMED.plusSeconds(3600), LEASE))
        .isEqualTo(DUPLICATE);
  }

  @Test
  void aPendingClaimWithinItsLeaseIsInProgress() {
    assertThat(BatchClaimDecision.decide(PENDING, CLAIMED, CLAIMED, LEASE)).isEqualTo(IN_PROGRESS);
    assertThat(BatchClaimDecision.decide(PENDING, CLAIMED, CLAIMED.plusSeconds(59), LEASE))
        .isEqualTo(IN_PROGRESS);
  }

  @Test
  void aPendingClaimPastItsLeaseIsTakenOver() {
    assertThat(BatchClaimDecision.decide(PENDING, CLAIMED, CLAIMED.plusSeconds(60), LEASE))
        .isEqualTo(TAKE_OVER);
    assertThat(BatchClaimDecision.decide(PENDING, CLAIMED, CLAIMED.plusSeconds(600), LEASE))
        .isEqualTo(TAKE_OVER);
  }

  @Test
  void aClaimClaimedInTheFutureByASkewedClockIsStillInProgress() {
    assertThat(BatchClaimDecision.decide(PENDING, CLAIMED, CLAIMED.minusSeconds(5), LEASE))
        .isEqualTo(IN_PROGRESS);
  }

  @Test
  void aClaimWithoutTimeCanBeTakenOver() {
    assertThat(BatchClaimDecision.decide(PENDING, null, CLAIMED, LEASE)).isEqualTo(TAKE_OVER);
    assertThat(BatchClaimDecision.decide(null, null, CLAIMED, LEASE)).isEqualTo(TAKE_OVER);
  }
}
