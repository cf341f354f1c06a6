package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SegmentSpec;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SenderIdSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the scheduler is handed for a Campaign resource. */
class CampaignRequestBuilderTest {

  @Test
  void theCampaignsPartLimitReachesTheScheduler() {
    Campaign campaign = campaign();
    campaign.getSpec().maxParts = 14;

    assertThat(CampaignRequestBuilder.campaign(campaign, sender(), Optional.empty()).getMaxParts())
        .isEqualTo(14);
  }

  @Test
  void variantsReachTheSchedulerWithTheirWeightsAndTheDefaultWeightOfOne() {
    Campaign campaign = campaign();
    CampaignSpec.Variant a = new CampaignSpec.Variant();
    a.name = "a";
    a.weight = 70;
    a.template = "Promo A {{firstName}}";
    CampaignSpec.Variant b = new CampaignSpec.Variant();
    b.name = "b";
    b.weight = null;
    b.template = "Promo B";
    campaign.getSpec().variants = java.util.List.of(a, b);

    assertThat(
            CampaignRequestBuilder.campaign(campaign, sender(), Optional.empty()).getVariantsList())
        .extracting(
            dev.relais.proto.scheduler.v1.Variant::getName,
            dev.relais.proto.scheduler.v1.Variant::getWeight,
            dev.relais.proto.scheduler.v1.Variant::getTemplate)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a", 70, "Promo A {{firstName}}"),
            org.assertj.core.groups.Tuple.tuple("b", 1, "Promo B"));
  }

  @Test
  void anAbTestReachesTheSchedulerWithItsDecisionTimeAndDefaults() {
    Campaign campaign = campaign();
    campaign.getMetadata().setCreationTimestamp("2027-03-20T07:15:00Z");
    campaign.getSpec().abTest = new CampaignSpec.AbTest();
    campaign.getSpec().abTest.samplePercent = 20;
    campaign.getSpec().abTest.decideAfter = "PT4H30M";
    campaign.getSpec().abTest.metric = "delivery";
    campaign.getSpec().abTest.method = "bayesian";
    campaign.getSpec().abTest.confidence = 0.9;
    campaign.getSpec().abTest.fallback = "b";

    var test =
        CampaignRequestBuilder.campaign(
                campaign, sender(), Optional.empty(), java.time.Instant.EPOCH)
            .getAbTest();
    assertThat(test.getSamplePercent()).isEqualTo(20);
    assertThat(test.getMinPerVariant()).isEqualTo(100);
    // No schedule.start: from the resource's creation.
    assertThat(test.getDecideAt().getSeconds())
        .isEqualTo(java.time.Instant.parse("2027-03-20T11:45:00Z").getEpochSecond());
    assertThat(test.getMetric())
        .isEqualTo(dev.relais.proto.scheduler.v1.AbTestMetric.AB_TEST_METRIC_DELIVERY);
    assertThat(test.getMethod())
        .isEqualTo(dev.relais.proto.scheduler.v1.AbTestMethod.AB_TEST_METHOD_BAYESIAN);
    assertThat(test.getConfidence()).isEqualTo(0.9);
    assertThat(test.getFallback()).isEqualTo("b");

    CampaignSpec.AbTest defaults = new CampaignSpec.AbTest();
    defaults.samplePercent = 5;
    defaults.decideAfter = "PT1H";
    campaign.getSpec().abTest = defaults;
    campaign.getSpec().schedule = new CampaignSpec.Schedule();
    campaign.getSpec().schedule.start = "2027-03-21T09:00:00+01:00";
    var byDefault =
        CampaignRequestBuilder.campaign(
                campaign, sender(), Optional.empty(), java.time.Instant.EPOCH)
            .getAbTest();
    assertThat(byDefault.getDecideAt().getSeconds())
        .isEqualTo(java.time.Instant.parse("2027-03-21T09:00:00Z").getEpochSecond());
    assertThat(byDefault.getMetric())
        .isEqualTo(dev.relais.proto.scheduler.v1.AbTestMetric.AB_TEST_METRIC_CLICKS);
    assertThat(byDefault.getMethod())
        .isEqualTo(dev.relais.proto.scheduler.v1.AbTestMethod.AB_TEST_METHOD_Z_TEST);
    assertThat(byDefault.getConfidence()).isEqualTo(0.95);
    assertThat(byDefault.getFallback()).isEmpty();

    campaign.getSpec().abTest = null;
    assertThat(CampaignRequestBuilder.campaign(campaign, sender(), Optional.empty()).hasAbTest())
        .isFalse();
  }

  @Test
  void theLandingUrlReachesTheSchedulerAndItsAbsenceIsEmpty() {
    Campaign campaign = campaign();
    campaign.getSpec().landingUrl = "https://shop.example/printemps";

    assertThat(
            CampaignRequestBuilder.campaign(campaign, sender(), Optional.empty()).getLandingUrl())
        .isEqualTo("https://shop.example/printemps");
    assertThat(
            CampaignRequestBuilder.campaign(campaign(), sender(), Optional.empty()).getLandingUrl())
        .isEmpty();
  }

  @Test
  void withoutAPartLimitTheSchedulerAppliesItsDefault() {
    assertThat(
            CampaignRequestBuilder.campaign(campaign(), sender(), Optional.empty()).getMaxParts())
        .isZero();
  }

  @Test
  void theScheduleTimeZoneReachesTheScheduler() {
    Campaign campaign = campaign();
    campaign.getSpec().schedule = new CampaignSpec.Schedule();
    campaign.getSpec().schedule.timeZone = "America/Cayenne";

    assertThat(CampaignRequestBuilder.campaign(campaign, sender(), Optional.empty()).getTimeZone())
        .isEqualTo("America/Cayenne");
    assertThat(
            CampaignRequestBuilder.campaign(campaign(), sender(), Optional.empty()).getTimeZone())
        .as("no schedule: the scheduler takes the default region's zone")
        .isEmpty();
  }

  @Test
  void transliterationReachesTheSchedulerAndIsOffByDefault() {
    assertThat(
            CampaignRequestBuilder.campaign(campaign(), sender(), Optional.empty())
                .getTransliterate())
        .isFalse();
    Campaign campaign = campaign();
    campaign.getSpec().transliterate = true;

    assertThat(
            CampaignRequestBuilder.campaign(campaign, sender(), Optional.empty())
                .getTransliterate())
        .isTrue();
  }

  @Test
  void theSegmentsEstimatedSizePricesTheEstimate() {
    Segment segment = new Segment();
    segment.setMetadata(new ObjectMetaBuilder().withName("vip").withNamespace("shop").build());
    segment.setSpec(new SegmentSpec());
    segment.getSpec().list = "customers";
    assertThat(
            CampaignRequestBuilder.campaign(campaign(), sender(), Optional.of(segment))
                .getAudienceEstimate())
        .isZero();

    segment.setStatus(new Segment.Status());
    segment.getStatus().estimatedSize = 12_500L;

    assertThat(
            CampaignRequestBuilder.campaign(campaign(), sender(), Optional.of(segment))
                .getAudienceEstimate())
        .isEqualTo(12_500);
  }

  private static Campaign campaign() {
    Campaign campaign = new Campaign();
    campaign.setMetadata(
        new ObjectMetaBuilder().withName("winter-sale").withNamespace("shop").build());
    CampaignSpec spec = new CampaignSpec();
    spec.type = "marketing";
    spec.senderIdRef = "acme";
    spec.audience = new CampaignSpec.Audience();
    spec.audience.list = "customers";
    spec.template = "Bonjour {{firstName|client}}, -20% ce week-end";
    campaign.setSpec(spec);
    return campaign;
  }

  private static SenderId sender() {
    SenderId sender = new SenderId();
    sender.setMetadata(new ObjectMetaBuilder().withName("acme").withNamespace("shop").build());
    sender.setSpec(new SenderIdSpec());
    sender.getSpec().value = "ACME";
    sender.getSpec().stopMention = "STOP 36111";
    return sender;
  }
}
