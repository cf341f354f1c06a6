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
