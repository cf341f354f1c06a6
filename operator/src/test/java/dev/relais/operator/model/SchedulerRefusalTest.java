package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.SenderIdSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scheduler's refusals as someone who wrote the Campaign in YAML reads them. */
class SchedulerRefusalTest {

  @Test
  void aRefusalStartingWithARequestFieldNamesTheManifestsField() {
    SchedulerRefusal refusal =
        SchedulerRefusal.of(
            "ab_test.metric clicks needs a tracked link ({{link}}) in every variant: variant b"
                + " has none",
            campaign());

    assertThat(refusal.message())
        .isEqualTo(
            "spec.abTest.metric clicks needs a tracked link ({{link}}) in every variant: variant"
                + " b has none");
    assertThat(refusal.campaignField()).isEqualTo("spec.abTest.metric");
    assertThat(refusal.problem())
        .isEqualTo("clicks needs a tracked link ({{link}}) in every variant: variant b has none");
  }

  @Test
  void theLongestRequestFieldWinsAndScheduleFieldsAreUnderSchedule() {
    assertThat(SchedulerRefusal.of("ab_test.sample_percent 60 must be...", campaign()).message())
        .isEqualTo("spec.abTest.samplePercent 60 must be...");
    assertThat(SchedulerRefusal.of("ab_test needs at least two variants", campaign()).message())
        .isEqualTo("spec.abTest needs at least two variants");
    assertThat(SchedulerRefusal.of("max_rate must be 0 (no cap)", campaign()).message())
        .isEqualTo("spec.schedule.maxRate must be 0 (no cap)");
    assertThat(SchedulerRefusal.of("time_zone 'Europe/Lutece' is not...", campaign()).message())
        .isEqualTo("spec.schedule.timeZone 'Europe/Lutece' is not...");
  }

  @Test
  void aVariantNamedByTheSchedulerIsFoundByItsPlaceInTheManifest() {
    SchedulerRefusal refusal =
        SchedulerRefusal.of("variant b: template: unknown placeholder {{nom}}", campaign());

    assertThat(refusal.campaignField()).isEqualTo("spec.variants[1].template");
    assertThat(refusal.problem()).isEqualTo("unknown placeholder {{nom}}");
    assertThat(SchedulerRefusal.of("variant a: weight 101 must be...", campaign()).message())
        .isEqualTo("spec.variants[0]: weight 101 must be...");
    assertThat(SchedulerRefusal.of("variants: name 'a' appears twice", campaign()).message())
        .isEqualTo("spec.variants: name 'a' appears twice");
  }

  @Test
  void requestFieldsInsideTheSentenceAreRenamedButNotOrdinaryWords() {
    SchedulerRefusal refusal =
        SchedulerRefusal.of(
            "template: a message may take up to 3 SMS parts: shorten the template or raise"
                + " max_parts",
            campaign());

    assertThat(refusal.campaignField()).isEqualTo("spec.template");
    assertThat(refusal.problem())
        .isEqualTo(
            "a message may take up to 3 SMS parts: shorten the template or raise spec.maxParts");
  }

  @Test
  void aSendersFieldIsTheSenderIdsAndTheCampaignPointsAtItsReference() {
    SchedulerRefusal refusal =
        SchedulerRefusal.of("sender.stop_mention: must give the number", campaign());

    assertThat(refusal.message()).isEqualTo("SenderId shop spec.stopMention: must give the number");
    assertThat(refusal.campaignField()).isEqualTo("spec.senderIdRef");
    assertThat(refusal.problem()).isEqualTo(refusal.message());
  }

  @Test
  void theAudienceListIsTheCampaignsOrItsSegments() {
    Campaign own = campaign();
    own.getSpec().audience = new CampaignSpec.Audience();
    own.getSpec().audience.list = "";
    Campaign segmented = campaign();
    segmented.getSpec().audience = new CampaignSpec.Audience();
    segmented.getSpec().audience.segmentRef = "vip";

    assertThat(SchedulerRefusal.of("audience_list must name a contact list", own).message())
        .isEqualTo("spec.audience.list must name a contact list");
    SchedulerRefusal viaSegment =
        SchedulerRefusal.of("audience_list must name a contact list", segmented);
    assertThat(viaSegment.message()).isEqualTo("Segment vip spec.list must name a contact list");
    assertThat(viaSegment.campaignField()).isEqualTo("spec.audience.segmentRef");
  }

  @Test
  void aRefusalNamingNoFieldIsTheCampaignsAsAWhole() {
    SchedulerRefusal refusal =
        SchedulerRefusal.of("unknown compliance policy 'x'; known policies: a, b", campaign());

    assertThat(refusal.campaignField()).isEqualTo("spec");
    assertThat(refusal.message()).isEqualTo("unknown compliance policy 'x'; known policies: a, b");
  }

  @Test
  void everyRequestFieldExistsInTheSchedulersRequestAndEveryManifestFieldInTheCrd() {
    Descriptor request = dev.relais.proto.scheduler.v1.Campaign.getDescriptor();
    for (Map.Entry<String, String> names : SchedulerRefusal.CAMPAIGN_FIELDS.entrySet()) {
      assertThat(requestField(request, names.getKey())).as(names.getKey()).isTrue();
      assertThat(manifestField(CampaignSpec.class, names.getValue())).as(names.getValue()).isTrue();
    }
    for (Map.Entry<String, String> names : SchedulerRefusal.SENDER_FIELDS.entrySet()) {
      assertThat(requestField(request, names.getKey())).as(names.getKey()).isTrue();
      assertThat(manifestField(SenderIdSpec.class, names.getValue())).as(names.getValue()).isTrue();
    }
  }

  private static boolean requestField(Descriptor message, String path) {
    Descriptor current = message;
    for (String name : path.split("\\.")) {
      FieldDescriptor field = current == null ? null : current.findFieldByName(name);
      if (field == null) {
        return false;
      }
      current =
          field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
    }
    return true;
  }

  /** Whether {@code path} (spec.abTest.metric) names a field of the spec class {@code spec}. */
  private static boolean manifestField(Class<?> spec, String path) {
    List<String> names = List.of(path.split("\\."));
    if (!names.getFirst().equals("spec")) {
      return false;
    }
    Class<?> current = spec;
    for (String name : names.subList(1, names.size())) {
      try {
        Field field = current.getField(name);
        current = field.getType();
      } catch (NoSuchFieldException e) {
        return false;
      }
    }
    return true;
  }

  private static Campaign campaign() {
    Campaign campaign = new Campaign();
    campaign.setMetadata(new ObjectMetaBuilder().withName("sale").withNamespace("shop").build());
    CampaignSpec spec = new CampaignSpec();
    spec.type = "marketing";
    spec.senderIdRef = "shop";
    spec.template = "Soldes";
    CampaignSpec.Variant a = new CampaignSpec.Variant();
    a.name = "a";
    a.template = "Soldes {{link}}";
    CampaignSpec.Variant b = new CampaignSpec.Variant();
    b.name = "b";
    b.template = "Soldes : -20%";
    spec.variants = List.of(a, b);
    campaign.setSpec(spec);
    return campaign;
  }
}
