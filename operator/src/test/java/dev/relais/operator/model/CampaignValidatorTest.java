package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SegmentSpec;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SenderIdSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CampaignValidatorTest {

  @Test
  void aCompleteCampaignHasNoProblem() {
    assertThat(
            CampaignValidator.problems(
                campaign(), Optional.of(sender("STOP 36111")), Optional.empty()))
        .isEmpty();
  }

  @Test
  void aMissingSenderIsNamed() {
    assertThat(CampaignValidator.problems(campaign(), Optional.empty(), Optional.empty()))
        .containsExactly("SenderId acme does not exist in this namespace");
  }

  @Test
  void marketingNeedsTheSendersStopMention() {
    assertThat(CampaignValidator.problems(campaign(), Optional.of(sender(null)), Optional.empty()))
        .singleElement()
        .asString()
        .contains("has no stopMention");
    Campaign transactional = campaign();
    transactional.getSpec().type = "transactional";
    assertThat(
            CampaignValidator.problems(transactional, Optional.of(sender(null)), Optional.empty()))
        .isEmpty();
  }

  @Test
  void marketingFromAnAlphanumericSenderNeedsANumberInItsStopMention() {
    assertThat(
            CampaignValidator.problems(campaign(), Optional.of(sender("STOP")), Optional.empty()))
        .containsExactly(
            "SenderId acme is invalid: an alphanumeric sender cannot receive replies, so its STOP"
                + " mention must give the number to send STOP to, e.g. 'STOP au 36111'");
  }

  @Test
  void aMarketingCampaignCannotUseATransactionalSegment() {
    Campaign campaign = campaign();
    campaign.getSpec().audience.list = null;
    campaign.getSpec().audience.segmentRef = "orders";
    Segment segment = new Segment();
    segment.setSpec(new SegmentSpec());
    segment.getSpec().purpose = "transactional";

    assertThat(
            CampaignValidator.problems(
                campaign, Optional.of(sender("STOP 36111")), Optional.of(segment)))
        .singleElement()
        .asString()
        .contains("needs sms-marketing");
  }

  @Test
  void theDeadlineMustFollowTheStart() {
    Campaign campaign = campaign();
    campaign.getSpec().schedule = new CampaignSpec.Schedule();
    campaign.getSpec().schedule.start = "2027-03-20T09:00:00+01:00";
    campaign.getSpec().schedule.deadline = "2027-03-20T08:00:00+01:00";

    assertThat(
            CampaignValidator.problems(
                campaign, Optional.of(sender("STOP 36111")), Optional.empty()))
        .containsExactly("schedule.deadline must be after schedule.start");
  }

  @Test
  void unparsableTimesAndZonesAreNamed() {
    Campaign campaign = campaign();
    campaign.getSpec().schedule = new CampaignSpec.Schedule();
    campaign.getSpec().schedule.start = "tomorrow";
    campaign.getSpec().schedule.timeZone = "Mars/Olympus";

    assertThat(
            CampaignValidator.problems(
                campaign, Optional.of(sender("STOP 36111")), Optional.empty()))
        .hasSize(2)
        .anySatisfy(p -> assertThat(p).startsWith("schedule.start must be an RFC 3339 time"))
        .anySatisfy(p -> assertThat(p).contains("Mars/Olympus is not an IANA time zone"));
  }

  @Test
  void duplicateVariantsAreRefused() {
    Campaign campaign = campaign();
    CampaignSpec.Variant a = new CampaignSpec.Variant();
    a.name = "a";
    a.template = "x";
    CampaignSpec.Variant b = new CampaignSpec.Variant();
    b.name = "a";
    b.template = "y";
    campaign.getSpec().variants = List.of(a, b);

    assertThat(
            CampaignValidator.problems(
                campaign, Optional.of(sender("STOP 36111")), Optional.empty()))
        .containsExactly("variant names must be present and unique");
  }

  @Test
  void anAbTestNeedsTwoVariantsAndAFallbackAmongThem() {
    Campaign campaign = abTested("PT4H");
    campaign.getSpec().variants = List.of(variant("a"));
    campaign.getSpec().abTest.fallback = "c";

    assertThat(
            CampaignValidator.problems(
                campaign, Optional.of(sender("STOP 36111")), Optional.empty(), NOW))
        .containsExactly(
            "abTest needs at least two variants",
            "abTest.fallback c must name one of the variants");
  }

  @Test
  void anAbTestDecidingBeforeTheDeadlineIsAccepted() {
    Campaign campaign = abTested("PT4H");
    campaign.getSpec().abTest.fallback = "b";

    assertThat(
            CampaignValidator.problems(
                campaign, Optional.of(sender("STOP 36111")), Optional.empty(), NOW))
        .isEmpty();
  }

  @Test
  void anAbTestDecidingAtOrAfterTheDeadlineIsRefused() {
    Campaign late = abTested("PT6H");
    assertThat(
            CampaignValidator.problems(
                late, Optional.of(sender("STOP 36111")), Optional.empty(), NOW))
        .containsExactly(
            "abTest.decideAfter PT6H decides at 2027-03-20T14:00:00Z, not before the deadline"
                + " 2027-03-20T13:00:00Z: the winner could not be sent");

    // Without a deadline the scheduler sends for 24 hours after the start.
    Campaign noDeadline = abTested("P1D");
    noDeadline.getSpec().schedule.deadline = null;
    assertThat(
            CampaignValidator.problems(
                noDeadline, Optional.of(sender("STOP 36111")), Optional.empty(), NOW))
        .singleElement()
        .asString()
        .contains("not before the deadline 2027-03-21T08:00:00Z");
  }

  @Test
  void withoutAStartAnAbTestDecidesAfterTheCampaignsCreation() {
    Campaign campaign = abTested("PT2H");
    campaign.getSpec().schedule.start = null;
    campaign.getMetadata().setCreationTimestamp("2027-03-20T11:30:00Z");

    assertThat(
            CampaignValidator.problems(
                campaign, Optional.of(sender("STOP 36111")), Optional.empty(), NOW))
        .singleElement()
        .asString()
        .contains("decides at 2027-03-20T13:30:00Z");
    assertThat(AbTestTiming.decideAt(campaign, NOW))
        .contains(java.time.Instant.parse("2027-03-20T13:30:00Z"));
    // Not stored yet (relais lint): from now.
    campaign.getMetadata().setCreationTimestamp(null);
    assertThat(AbTestTiming.decideAt(campaign, NOW)).contains(NOW.plusSeconds(7200));
  }

  @Test
  void aZeroDecideAfterIsRefused() {
    assertThat(
            CampaignValidator.problems(
                abTested("PT0S"), Optional.of(sender("STOP 36111")), Optional.empty(), NOW))
        .containsExactly("abTest.decideAfter must be longer than zero");
  }

  private static final java.time.Instant NOW = java.time.Instant.parse("2027-03-19T10:00:00Z");

  /** Two variants, sent from 08:00 to 13:00 UTC, deciding decideAfter after 08:00. */
  private static Campaign abTested(String decideAfter) {
    Campaign campaign = campaign();
    campaign.getSpec().variants = List.of(variant("a"), variant("b"));
    campaign.getSpec().schedule = new CampaignSpec.Schedule();
    campaign.getSpec().schedule.start = "2027-03-20T09:00:00+01:00";
    campaign.getSpec().schedule.deadline = "2027-03-20T14:00:00+01:00";
    campaign.getSpec().abTest = new CampaignSpec.AbTest();
    campaign.getSpec().abTest.samplePercent = 10;
    campaign.getSpec().abTest.decideAfter = decideAfter;
    return campaign;
  }

  private static CampaignSpec.Variant variant(String name) {
    CampaignSpec.Variant variant = new CampaignSpec.Variant();
    variant.name = name;
    variant.template = "Promo " + name;
    return variant;
  }

  private static Campaign campaign() {
    Campaign campaign = new Campaign();
    campaign.setMetadata(new ObjectMetaBuilder().withName("sale").withNamespace("shop").build());
    CampaignSpec spec = new CampaignSpec();
    spec.type = "marketing";
    spec.senderIdRef = "acme";
    spec.audience = new CampaignSpec.Audience();
    spec.audience.list = "customers";
    spec.template = "Hello";
    campaign.setSpec(spec);
    return campaign;
  }

  private static SenderId sender(String stopMention) {
    SenderId sender = new SenderId();
    sender.setMetadata(new ObjectMetaBuilder().withName("acme").build());
    SenderIdSpec spec = new SenderIdSpec();
    spec.type = "alphanumeric";
    spec.value = "ACME";
    spec.stopMention = stopMention;
    sender.setSpec(spec);
    return sender;
  }
}
