package dev.relais.operator.model;

import static dev.relais.operator.services.ReportedProgress.abTesting;
import static dev.relais.operator.services.ReportedProgress.allQueued;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.Condition;
import dev.relais.operator.services.CampaignProgress;
import dev.relais.sms.text.Ucs2Characters;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CampaignStatusBuilderTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Instant T1 = Instant.parse("2026-11-22T10:05:00Z");

  @Test
  void progressCountsTheLeftOutAndTheDispatchedAgainstTheAudience() {
    Campaign.Status status =
        CampaignStatusBuilder.fromProgress(
            campaign(4), progress("Sending", 1000, Map.of("opted-out", 100L), 900, 450, 9), T0);

    // 100 left out + (450 submitted + 9 expired) of 1000.
    assertThat(status.progress).isEqualTo("55.9%");
    assertThat(status.deliveryRate).isEqualTo("97.5%");
    assertThat(status.observedGeneration).isEqualTo(4L);
    assertThat(status.phase).isEqualTo("Sending");
  }

  @Test
  void progressStaysBelowHundredUntilTheSchedulerSaysCompleted() {
    assertThat(
            CampaignStatusBuilder.fromProgress(
                    campaign(1), progress("Sending", 10, Map.of(), 10, 10, 0), T0)
                .progress)
        .isEqualTo("99%");
    assertThat(
            CampaignStatusBuilder.fromProgress(
                    campaign(1), progress("Completed", 10, Map.of(), 10, 10, 0), T0)
                .progress)
        .isEqualTo("100%");
  }

  @Test
  void noDeliveryRateBeforeAnythingWasSubmitted() {
    Campaign.Status status =
        CampaignStatusBuilder.fromProgress(
            campaign(1), CampaignProgress.builder().phase("Scheduled").build(), T0);

    assertThat(status.deliveryRate).isNull();
    assertThat(status.progress).isEqualTo("0%");
  }

  @Test
  void conditionsFollowThePhase() {
    Campaign.Status held =
        CampaignStatusBuilder.fromProgress(
            campaign(1),
            allQueued("Held", 5).message("next window 08:00 Europe/Paris").heldForWindow(5).build(),
            T0);
    assertThat(find(held, "Ready").status).isEqualTo("True");
    assertThat(find(held, "QuietHoursHold").status).isEqualTo("True");
    assertThat(find(held, "QuietHoursHold").message).contains("08:00");
    assertThat(find(held, "Completed").status).isEqualTo("False");

    Campaign.Status failed =
        CampaignStatusBuilder.fromProgress(
            campaign(1),
            CampaignProgress.builder().phase("Failed").message("list not found").build(),
            T0);
    assertThat(find(failed, "Ready").status).isEqualTo("False");
    assertThat(find(failed, "Ready").message).isEqualTo("list not found");
  }

  @Test
  void theCampaignsTraceIdIsInItsStatus() {
    CampaignProgress traced =
        allQueued("Sending", 10).traceId("4bf92f3577b34da6a3ce929d0e0e4736").build();

    assertThat(CampaignStatusBuilder.fromProgress(campaign(1), traced, T0).traceId)
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(
            CampaignStatusBuilder.fromProgress(
                    campaign(1), progress("Sending", 10, Map.of(), 10, 1, 0), T0)
                .traceId)
        .as("a scheduler that reports no trace")
        .isNull();
  }

  @Test
  void aFailedCampaignCarriesAFailedConditionThatKubectlWaitCanEndOn() {
    Campaign campaign = campaign(1);
    campaign.setStatus(
        CampaignStatusBuilder.fromProgress(
            campaign, progress("Sending", 10, Map.of(), 10, 1, 0), T0));
    assertThat(find(campaign.getStatus(), "Failed").status).isEqualTo("False");
    assertThat(find(campaign.getStatus(), "Failed").reason).isEqualTo("Sending");

    Campaign.Status failed =
        CampaignStatusBuilder.fromProgress(
            campaign, allQueued("Failed", 10).message("list not found").build(), T1);

    assertThat(find(failed, "Failed").status).isEqualTo("True");
    assertThat(find(failed, "Failed").reason).isEqualTo("CampaignFailed");
    assertThat(find(failed, "Failed").message).isEqualTo("list not found");
    assertThat(find(failed, "Failed").lastTransitionTime).isEqualTo("2026-11-22T10:05:00Z");
    assertThat(find(failed, "Completed").status).isEqualTo("False");
    Campaign.Status completed =
        CampaignStatusBuilder.fromProgress(
            campaign(1), progress("Completed", 10, Map.of(), 10, 10, 0), T1);
    assertThat(find(completed, "Failed").status).isEqualTo("False");
  }

  @Test
  void aFailureNamesTheCampaignsFieldsNotTheSchedulersRequest() {
    Campaign.Status failed =
        CampaignStatusBuilder.fromProgress(
            campaign(1),
            CampaignProgress.builder()
                .phase("Failed")
                .audience(10)
                .message(
                    "campaign can no longer be expanded: landing_url is not an absolute http(s)"
                        + " URL")
                .build(),
            T1);

    String expected =
        "campaign can no longer be expanded: spec.landingUrl is not an absolute http(s) URL";
    assertThat(find(failed, "Failed").message).isEqualTo(expected);
    assertThat(find(failed, "Ready").message).isEqualTo(expected);
  }

  @Test
  void messagesWaitingForTheWindowHoldEvenWhileOthersAreSent() {
    Campaign.Status status =
        CampaignStatusBuilder.fromProgress(
            campaign(1), allQueued("Sending", 10).heldForWindow(3).build(), T0);

    assertThat(find(status, "QuietHoursHold").status).isEqualTo("True");
    assertThat(find(status, "QuietHoursHold").message)
        .isEqualTo("3 messages wait for the next allowed sending window");
  }

  @Test
  void aTransitionTimeChangesOnlyWithTheStatus() {
    Campaign campaign = campaign(1);
    campaign.setStatus(
        CampaignStatusBuilder.fromProgress(
            campaign, progress("Sending", 10, Map.of(), 10, 1, 0), T0));

    Campaign.Status later =
        CampaignStatusBuilder.fromProgress(
            campaign, progress("Sending", 10, Map.of(), 10, 5, 0), T1);
    assertThat(find(later, "Ready").lastTransitionTime).isEqualTo("2026-11-22T10:00:00Z");
    Campaign.Status completed =
        CampaignStatusBuilder.fromProgress(
            campaign, progress("Completed", 10, Map.of(), 10, 10, 0), T1);
    assertThat(find(completed, "Completed").lastTransitionTime).isEqualTo("2026-11-22T10:05:00Z");
  }

  @Test
  void messagesWithoutSmscIdShowAsDeliveryUnknownAndStayWhileBlocked() {
    Campaign campaign = campaign(1);
    CampaignProgress withUnknown =
        allQueued("Sending", 100)
            .delivery(new CampaignProgress.Delivery(100, 90, 0, 0, 0, 2, 0.9))
            .build();
    campaign.setStatus(CampaignStatusBuilder.fromProgress(campaign, withUnknown, T0));
    assertThat(campaign.getStatus().deliveryUnknown).isEqualTo(2L);

    Campaign.Status blocked =
        CampaignStatusBuilder.blocked(
            campaign, Conditions.notReady("SchedulerUnavailable", "UNAVAILABLE"), T1);
    assertThat(blocked.deliveryUnknown).isEqualTo(2L);
  }

  @Test
  void aBlockedCampaignKeepsItsCountsAndSaysWhy() {
    Campaign campaign = campaign(2);
    campaign.setStatus(
        CampaignStatusBuilder.fromProgress(
            campaign, progress("Sending", 10, Map.of(), 10, 4, 0), T0));

    Campaign.Status blocked =
        CampaignStatusBuilder.blocked(
            campaign, Conditions.notReady("SchedulerUnavailable", "UNAVAILABLE"), T1);

    assertThat(blocked.submitted).isEqualTo(4L);
    assertThat(blocked.phase).isEqualTo("Sending");
    assertThat(blocked.observedGeneration).isEqualTo(2L);
    assertThat(find(blocked, "Ready").reason).isEqualTo("SchedulerUnavailable");
  }

  @Test
  void anAbTestShowsItsStageThenItsDecisionWithEachArmsRate() {
    CampaignProgress.AbTest waiting =
        new CampaignProgress.AbTest(
            "Waiting",
            240,
            Optional.of(Instant.parse("2026-11-22T14:00:00Z")),
            "",
            false,
            "",
            Optional.empty(),
            java.util.OptionalDouble.empty(),
            java.util.OptionalDouble.empty(),
            "clicks",
            "zTest",
            List.of());
    Campaign.AbTestStatus before =
        CampaignStatusBuilder.fromProgress(campaign(1), abTesting(waiting, 240), T0).abTest;
    assertThat(before.stage).isEqualTo("Waiting");
    assertThat(before.sample).isEqualTo(240L);
    assertThat(before.decideAt).isEqualTo("2026-11-22T14:00:00Z");
    assertThat(before.winner).isNull();
    assertThat(before.conclusive).isNull();
    assertThat(before.arms).isNull();

    CampaignProgress.AbTest decided =
        new CampaignProgress.AbTest(
            "Decided",
            240,
            Optional.of(Instant.parse("2026-11-22T14:00:00Z")),
            "b",
            true,
            "b beats a on clicks: 15.0% against 8.33%, p = 0.0123 < 0.05",
            Optional.of(Instant.parse("2026-11-22T14:00:02Z")),
            java.util.OptionalDouble.of(0.012345),
            java.util.OptionalDouble.empty(),
            "clicks",
            "zTest",
            List.of(
                new CampaignProgress.Arm("a", 10, 120), new CampaignProgress.Arm("b", 18, 120)));
    Campaign campaign = campaign(1);
    campaign.setStatus(CampaignStatusBuilder.fromProgress(campaign, abTesting(decided, 240), T0));
    Campaign.AbTestStatus after = campaign.getStatus().abTest;
    assertThat(after.stage).isEqualTo("Decided");
    assertThat(after.winner).isEqualTo("b");
    assertThat(after.conclusive).isTrue();
    assertThat(after.reason).startsWith("b beats a on clicks");
    assertThat(after.decidedAt).isEqualTo("2026-11-22T14:00:02Z");
    assertThat(after.pValue).isEqualTo("0.0123");
    assertThat(after.probabilityToBeatControl).isNull();
    assertThat(after.arms)
        .extracting(a -> a.variant, a -> a.successes, a -> a.trials, a -> a.rate)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 10L, 120L, "8.3%"),
            org.assertj.core.groups.Tuple.tuple("b", 18L, 120L, "15%"));

    // A scheduler outage keeps the decision in sight.
    assertThat(
            CampaignStatusBuilder.blocked(
                    campaign, Conditions.notReady("SchedulerUnavailable", "UNAVAILABLE"), T1)
                .abTest
                .winner)
        .isEqualTo("b");
  }

  @Test
  void probabilitiesShowThreeSignificantDigitsAndNothingThatIsNotANumber() {
    assertThat(CampaignStatusBuilder.probability(java.util.OptionalDouble.of(0.0000012345)))
        .isEqualTo("0.00000123");
    assertThat(CampaignStatusBuilder.probability(java.util.OptionalDouble.of(0.97)))
        .isEqualTo("0.97");
    assertThat(CampaignStatusBuilder.probability(java.util.OptionalDouble.of(0))).isEqualTo("0");
    assertThat(CampaignStatusBuilder.probability(java.util.OptionalDouble.of(Double.NaN))).isNull();
    assertThat(CampaignStatusBuilder.probability(java.util.OptionalDouble.empty())).isNull();
  }

  @Test
  void theCostPreviewIsInTheStatusAndKeptWhileBlocked() {
    Campaign campaign = campaign(1);
    CampaignProgress priced =
        allQueued("Sending", 10).cost(new CampaignProgress.Cost("0.52", "EUR", 13, 2)).build();

    campaign.setStatus(CampaignStatusBuilder.fromProgress(campaign, priced, T0));
    Campaign.Status blocked =
        CampaignStatusBuilder.blocked(
            campaign, Conditions.notReady("SchedulerUnavailable", "UNAVAILABLE"), T1);

    for (Campaign.Status status : new Campaign.Status[] {campaign.getStatus(), blocked}) {
      assertThat(status.cost.amount).isEqualTo("0.52");
      assertThat(status.cost.currency).isEqualTo("EUR");
      assertThat(status.cost.pricedParts).isEqualTo(13L);
      assertThat(status.cost.unpricedParts).isEqualTo(2L);
    }
    assertThat(
            CampaignStatusBuilder.fromProgress(
                    campaign, progress("Sending", 10, Map.of(), 10, 4, 0), T1)
                .cost)
        .as("no preview reported, none shown")
        .isNull();
  }

  private static CampaignProgress progress(
      String phase,
      long audience,
      Map<String, Long> suppressed,
      long queued,
      long submitted,
      long expired) {
    return CampaignProgress.builder()
        .phase(phase)
        .audience(audience)
        .suppressed(suppressed)
        .queued(queued)
        .expansionComplete(true)
        .delivery(
            new CampaignProgress.Delivery(
                submitted, (long) (submitted * 0.975), 0, expired, 0, 0, 0.975))
        .build();
  }

  private static Campaign campaign(long generation) {
    Campaign campaign = new Campaign();
    campaign.setMetadata(
        new ObjectMetaBuilder()
            .withName("c")
            .withNamespace("n")
            .withGeneration(generation)
            .build());
    return campaign;
  }

  private static Condition find(Campaign.Status status, String type) {
    return Conditions.find(status.conditions, type).orElseThrow();
  }

  private static CampaignProgress previewing(CampaignProgress.Encoding encoding) {
    return CampaignProgress.builder()
        .phase("Scheduled")
        .encoding(encoding)
        .estimate(new CampaignProgress.Estimate(5000, 3, 15000, "675.00", "EUR", "orange-fr"))
        .build();
  }

  @Test
  void aUcs2TemplateNamesItsCharactersAndSuggestsTransliteration() {
    Campaign.Status status =
        CampaignStatusBuilder.fromProgress(
            campaign(1),
            previewing(
                new CampaignProgress.Encoding(
                    "UCS-2",
                    3,
                    1,
                    false,
                    List.of(new Ucs2Characters.Occurrence("’", 1, 34, 1, "'")))),
            T0);

    assertThat(status.encoding.encoding).isEqualTo("UCS-2");
    assertThat(status.encoding.parts).isEqualTo(3);
    assertThat(status.encoding.ucs2Characters).containsExactly("’ (U+2019) at column 34");
    assertThat(status.encoding.advice)
        .isEqualTo("set spec.transliterate: true to send it in GSM-7: 1 part instead of 3");
    assertThat(status.estimate.parts).isEqualTo(15000L);
    assertThat(status.estimate.amount).isEqualTo("675.00");
    assertThat(status.estimate.route).isEqualTo("orange-fr");
    assertThat(status.queuedUcs2).isNull();
  }

  @Test
  void aCharacterWithoutLookAlikeSaysTheMessageStaysUcs2() {
    Campaign.Status status =
        CampaignStatusBuilder.fromProgress(
            campaign(1),
            previewing(
                new CampaignProgress.Encoding(
                    "UCS-2",
                    2,
                    2,
                    true,
                    List.of(new Ucs2Characters.Occurrence("😀", 1, 12, 1, null)))),
            T0);

    assertThat(status.encoding.advice)
        .isEqualTo("😀 has no GSM-7 look-alike: the message stays UCS-2; remove it to send GSM-7");
  }

  @Test
  void aGsm7TemplateHasNoAdviceAndMessagesQueuedInUcs2AreShown() {
    CampaignProgress sending =
        allQueued("Sending", 100)
            .encoding(new CampaignProgress.Encoding("GSM-7", 1, 1, false, List.of()))
            .queuedUcs2(new CampaignProgress.Ucs2Count(7, 14))
            .build();

    Campaign.Status status = CampaignStatusBuilder.fromProgress(campaign(1), sending, T0);

    assertThat(status.encoding.encoding).isEqualTo("GSM-7");
    assertThat(status.encoding.advice).isNull();
    assertThat(status.queuedUcs2).isEqualTo(7L);
    assertThat(status.queuedUcs2Parts).isEqualTo(14L);
  }
}
