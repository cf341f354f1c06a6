package dev.relais.scheduler.campaign;

import static dev.relais.scheduler.campaign.Campaigns.marketing;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.time.ProtoTime;
import dev.relais.proto.scheduler.v1.Campaign;
import org.junit.jupiter.api.Test;

class CampaignAdmissionTest {

  @Test
  void generationAndSuspensionAreNotChanges() {
    Campaign before = marketing().build();
    Campaign after = before.toBuilder().setGeneration(7).setSuspended(true).build();

    assertThat(CampaignAdmission.changesBesidesSuspension(before, after)).isEmpty();
  }

  @Test
  void otherFieldsAreNamed() {
    Campaign before = marketing().build();
    Campaign after =
        before.toBuilder().setGeneration(2).setTemplate("new text").addAudienceTags("vip").build();

    assertThat(CampaignAdmission.changesBesidesSuspension(before, after))
        .containsExactly("audience_tags", "template");
  }

  @Test
  void settingAFieldThatWasUnsetIsAChange() {
    Campaign before = marketing().build();
    Campaign after =
        before.toBuilder().setStartAt(ProtoTime.timestamp(java.time.Instant.EPOCH)).build();

    assertThat(CampaignAdmission.changesBesidesSuspension(before, after))
        .containsExactly("start_at");
  }

  @Test
  void aNewAudienceEstimateIsNoChangeButTransliterationIs() {
    Campaign before = marketing().setAudienceEstimate(1200).build();
    Campaign after = before.toBuilder().setGeneration(2).setAudienceEstimate(1350).build();

    assertThat(CampaignAdmission.changesBesidesSuspension(before, after)).isEmpty();
    assertThat(
            CampaignAdmission.changesBesidesSuspension(
                before, after.toBuilder().setTransliterate(true).build()))
        .containsExactly("transliterate");
  }
}
