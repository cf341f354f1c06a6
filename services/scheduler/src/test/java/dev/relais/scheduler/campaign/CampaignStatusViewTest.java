package dev.relais.scheduler.campaign;

import static dev.relais.scheduler.campaign.Campaigns.marketing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.time.ProtoTime;
import dev.relais.proto.scheduler.v1.AbTest;
import dev.relais.proto.scheduler.v1.AbTestMethod;
import dev.relais.proto.scheduler.v1.AbTestMetric;
import dev.relais.proto.scheduler.v1.AbTestStage;
import dev.relais.proto.scheduler.v1.AbTestStatus;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.CostPreview;
import dev.relais.proto.scheduler.v1.DeliveryCounts;
import dev.relais.scheduler.campaign.DeliveryProgress.Resolution;
import dev.relais.scheduler.store.StoredCampaign;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CampaignStatusViewTest {

  private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");

  private static final CampaignProgress HALFWAY =
      new CampaignProgress(2000, Map.of("no-consent", 100L), 1900, 2100, "p3", false);
  private static final CampaignProgress EXPANDED =
      new CampaignProgress(2500, Map.of("no-consent", 100L), 2400, 2600, "", true);

  private static StoredCampaign stored(
      boolean suspended, String phase, Instant startedAt, CampaignProgress progress) {
    return new StoredCampaign(
        marketing().setGeneration(3).setSuspended(suspended).build(),
        NOW.minusSeconds(60),
        phase,
        startedAt,
        null,
        progress,
        null);
  }

  private static CampaignStatus status(StoredCampaign c, Instant start, Resolution delivery) {
    return CampaignStatusView.of(c, start, NOW, delivery);
  }

  @Test
  void futureStartIsScheduled() {
    CampaignStatus s =
        status(stored(false, "", null, CampaignProgress.NONE), NOW.plusSeconds(3600), null);

    assertThat(s.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_SCHEDULED);
    assertThat(s.getObservedGeneration()).isEqualTo(3);
    assertThat(s.getMessage()).contains("starts at 2026-11-24T10:00:00Z");
  }

  @Test
  void dueButNotPickedUpIsPending() {
    CampaignStatus s = status(stored(false, "", null, CampaignProgress.NONE), NOW, null);

    assertThat(s.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_PENDING);
  }

  @Test
  void expandingIsSendingWithProgressCounts() {
    CampaignStatus s = status(stored(false, "SENDING", NOW, HALFWAY), NOW, null);

    assertThat(s.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_SENDING);
    assertThat(s.getAudience()).isEqualTo(2000);
    assertThat(s.getQueued()).isEqualTo(1900);
    assertThat(s.getQueuedParts()).isEqualTo(2100);
    assertThat(s.getSuppressedMap()).containsEntry("no-consent", 100L);
    assertThat(s.getExpansionComplete()).isFalse();
  }

  @Test
  void suspendedIsPausedWhateverTheProgress() {
    assertThat(status(stored(true, "SENDING", NOW, HALFWAY), NOW, null).getPhase())
        .isEqualTo(CampaignPhase.CAMPAIGN_PHASE_PAUSED);
    assertThat(
            status(stored(true, "", null, CampaignProgress.NONE), NOW.plusSeconds(60), null)
                .getPhase())
        .isEqualTo(CampaignPhase.CAMPAIGN_PHASE_PAUSED);
  }

  @Test
  void expandedIsSendingUntilEveryQueuedMessageIsResolved() {
    StoredCampaign c = stored(false, "SENDING", NOW, EXPANDED);

    assertThat(CampaignStatusView.needsDeliveryProgress(c)).isTrue();
    CampaignStatus partly = status(c, NOW, Resolution.of(2399));
    assertThat(partly.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_SENDING);
    assertThat(partly.getMessage()).isEqualTo("2399 of 2400 queued messages resolved");
    assertThat(status(c, NOW, Resolution.of(2400)).getPhase())
        .isEqualTo(CampaignPhase.CAMPAIGN_PHASE_COMPLETED);
  }

  @Test
  void unreachableAnalyticsKeepsSendingAndSaysWhy() {
    CampaignStatus s =
        status(stored(false, "SENDING", NOW, EXPANDED), NOW, Resolution.unavailable("UNAVAILABLE"));

    assertThat(s.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_SENDING);
    assertThat(s.getMessage()).contains("analytics unreachable (UNAVAILABLE)");
  }

  @Test
  void nothingQueuedCompletesWithoutAskingAnalytics() {
    CampaignProgress allSuppressed =
        new CampaignProgress(10, Map.of("no-consent", 10L), 0, 0, "", true);
    StoredCampaign c = stored(false, "SENDING", NOW, allSuppressed);

    assertThat(CampaignStatusView.needsDeliveryProgress(c)).isFalse();
    assertThat(status(c, NOW, null).getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_COMPLETED);
  }

  @Test
  void recordedCompletionAndFailureAreFinal() {
    StoredCampaign completed = stored(false, "COMPLETED", NOW, EXPANDED);
    StoredCampaign failed = stored(false, "FAILED", NOW, HALFWAY);

    assertThat(status(completed, NOW, null).getPhase())
        .isEqualTo(CampaignPhase.CAMPAIGN_PHASE_COMPLETED);
    assertThat(status(failed, NOW, null).getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_FAILED);
  }

  @Test
  void aClosedWindowWithHeldMessagesIsHeldUntilItOpens() {
    CampaignProgress held =
        new CampaignProgress(
            2500, Map.of(), 2400, 2400, "", true, Map.of(Tallies.HELD_FOR_WINDOW, 400L));
    StoredCampaign c = stored(false, "SENDING", NOW, held);
    Instant monday8h = Instant.parse("2026-11-30T07:00:00Z");

    CampaignStatus closed = CampaignStatusView.of(c, NOW, NOW, Resolution.of(2000), monday8h);
    CampaignStatus open = CampaignStatusView.of(c, NOW, NOW, Resolution.of(2000), null);

    assertThat(closed.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_HELD);
    assertThat(closed.getHeldForWindow()).isEqualTo(400);
    assertThat(closed.getMessage())
        .isEqualTo(
            "held by the compliance policy until its window opens at 2026-11-30T07:00:00Z;"
                + " 2000 of 2400 queued messages resolved");
    assertThat(open.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_SENDING);
    assertThat(CampaignStatusView.of(c, NOW, NOW, Resolution.of(2400), monday8h).getPhase())
        .isEqualTo(CampaignPhase.CAMPAIGN_PHASE_COMPLETED);
  }

  @Test
  void aClosedWindowWithoutHeldMessagesIsNotAHold() {
    StoredCampaign c = stored(false, "SENDING", NOW, EXPANDED);

    assertThat(
            CampaignStatusView.of(c, NOW, NOW, Resolution.of(10), NOW.plusSeconds(60)).getPhase())
        .isEqualTo(CampaignPhase.CAMPAIGN_PHASE_SENDING);
  }

  @Test
  void costPreviewAndDeliveryCountsAreReported() {
    CampaignProgress priced =
        new CampaignProgress(
            3,
            Map.of(),
            3,
            4,
            "",
            true,
            Map.of(
                Tallies.PRICED_PARTS,
                3L,
                Tallies.UNPRICED_PARTS,
                1L,
                Tallies.costKey("EUR"),
                135_000L));
    DeliveryCounts counts =
        DeliveryCounts.newBuilder()
            .setSubmitted(3)
            .setDelivered(2)
            .setDeliveryRate(2 / 3.0)
            .build();

    CampaignStatus s = status(stored(false, "SENDING", NOW, priced), NOW, Resolution.of(counts));

    assertThat(s.getCost())
        .isEqualTo(
            CostPreview.newBuilder()
                .setAmount("0.14")
                .setCurrency("EUR")
                .setPricedParts(3)
                .setUnpricedParts(1)
                .build());
    assertThat(s.getDelivery()).isEqualTo(counts);
    assertThat(s.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_COMPLETED);
  }

  @Test
  void messagesQueuedInUcs2AreCounted() {
    CampaignProgress progress =
        new CampaignProgress(
            2500,
            Map.of(),
            2400,
            2700,
            "p9",
            false,
            Map.of(Tallies.UCS2_MESSAGES, 150L, Tallies.UCS2_PARTS, 450L));

    CampaignStatus s = status(stored(false, "SENDING", NOW, progress), NOW, null);

    assertThat(s.getQueuedUcs2()).isEqualTo(150);
    assertThat(s.getQueuedUcs2Parts()).isEqualTo(450);
  }

  private static StoredCampaign abTest(
      CampaignProgress progress, boolean sampled, AbTestStatus decision) {
    return new StoredCampaign(
        marketing()
            .setAbTest(
                AbTest.newBuilder()
                    .setSamplePercent(10)
                    .setDecideAt(ProtoTime.timestamp(NOW.plusSeconds(3600))))
            .build(),
        NOW.minusSeconds(60),
        "SENDING",
        NOW.minusSeconds(30),
        null,
        progress,
        null,
        null,
        sampled,
        decision);
  }

  @Test
  void anAbTestShowsItsStageAndSampleUntilDecidedThenItsDecision() {
    CampaignProgress sampling =
        new CampaignProgress(500, Map.of(), 480, 480, "p2", false, Map.of(Tallies.AB_SAMPLE, 500L));
    CampaignStatus s = status(abTest(sampling, false, null), NOW.minusSeconds(30), null);
    assertThat(s.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_SENDING);
    assertThat(s.getMessage()).isEqualTo("A/B test: queueing the sample");
    assertThat(s.getAbTest().getStage()).isEqualTo(AbTestStage.AB_TEST_STAGE_SAMPLING);
    assertThat(s.getAbTest().getSample()).isEqualTo(500);
    assertThat(s.getAbTest().getMetric()).isEqualTo(AbTestMetric.AB_TEST_METRIC_CLICKS);
    assertThat(s.getAbTest().getMethod()).isEqualTo(AbTestMethod.AB_TEST_METHOD_Z_TEST);

    CampaignProgress waiting =
        new CampaignProgress(900, Map.of(), 880, 880, "", false, Map.of(Tallies.AB_SAMPLE, 900L));
    s = status(abTest(waiting, true, null), NOW.minusSeconds(30), null);
    assertThat(s.getAbTest().getStage()).isEqualTo(AbTestStage.AB_TEST_STAGE_WAITING);
    assertThat(s.getMessage())
        .isEqualTo(
            "A/B test: the sample is queued; the rest waits for the decision at"
                + " 2026-11-24T10:00:00Z");

    AbTestStatus decision =
        AbTestStatus.newBuilder()
            .setStage(AbTestStage.AB_TEST_STAGE_DECIDED)
            .setWinner("b")
            .setConclusive(true)
            .build();
    s = status(abTest(waiting, true, decision), NOW.minusSeconds(30), null);
    assertThat(s.getAbTest()).isEqualTo(decision);
    assertThat(s.getMessage()).isEqualTo("expanding the audience");
  }

  @Test
  void aCampaignWithoutTestHasNoTestStatus() {
    assertThat(status(stored(false, "SENDING", NOW, HALFWAY), NOW, null).hasAbTest()).isFalse();
  }
}
