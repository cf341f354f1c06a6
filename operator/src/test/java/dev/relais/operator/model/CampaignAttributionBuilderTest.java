package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.proto.analytics.v1.SetCampaignAttributionRequest;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class CampaignAttributionBuilderTest {

  private static Campaign campaign(CampaignSpec.Attribution attribution) {
    Campaign campaign = new Campaign();
    campaign.setMetadata(new ObjectMetaBuilder().withNamespace("shop").withName("flash").build());
    CampaignSpec spec = new CampaignSpec();
    spec.attribution = attribution;
    campaign.setSpec(spec);
    return campaign;
  }

  private static CampaignSpec.Attribution windows(String click, String delivery) {
    CampaignSpec.Attribution attribution = new CampaignSpec.Attribution();
    attribution.clickWindow = click;
    attribution.deliveryWindow = delivery;
    return attribution;
  }

  @Test
  void theWindowsReachAnalyticsAsDurationsOfTheCampaign() {
    assertThat(CampaignAttributionBuilder.request(campaign(windows("P2D", "PT12H"))))
        .isEqualTo(
            SetCampaignAttributionRequest.newBuilder()
                .setCampaignId("shop/flash")
                .setClickWindow(Duration.newBuilder().setSeconds(2 * 86_400))
                .setDeliveryWindow(Duration.newBuilder().setSeconds(12 * 3_600))
                .build());
  }

  @Test
  void aWindowLeftUnsetIsSentUnsetSoThatAnalyticsAppliesItsDefault() {
    SetCampaignAttributionRequest onlyClick =
        CampaignAttributionBuilder.request(campaign(windows("PT90M", null)));
    assertThat(onlyClick.getClickWindow().getSeconds()).isEqualTo(5_400);
    assertThat(onlyClick.hasDeliveryWindow()).isFalse();
    // No attribution at all: both unset, which returns a campaign that had windows to the
    // defaults.
    assertThat(CampaignAttributionBuilder.request(campaign(null)))
        .isEqualTo(SetCampaignAttributionRequest.newBuilder().setCampaignId("shop/flash").build());
  }

  @Test
  void aWindowThatIsNoDurationIsAProblemNamingTheField() {
    assertThat(CampaignAttributionBuilder.problems(windows("P", "PT1H")))
        .containsExactly(
            "attribution.clickWindow must be an ISO-8601 duration such as P2D or PT12H, not P");
    assertThat(CampaignAttributionBuilder.problems(windows("P1D", "PT")))
        .singleElement()
        .asString()
        .startsWith("attribution.deliveryWindow");
    assertThat(CampaignAttributionBuilder.problems(windows("P30D", "PT1M"))).isEmpty();
    assertThat(CampaignAttributionBuilder.problems(null)).isEmpty();
  }
}
