package dev.relais.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.local.launcher.Manifests;
import dev.relais.operator.api.Campaign;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The campaign each {@code --links} mode of the campaign benchmark sends. */
class WithLinksTest {

  private static Campaign quickstart() throws Exception {
    return Manifests.load(Path.of("../examples/quickstart")).campaigns().get(0);
  }

  @Test
  void onTracksALinkToTheLandingPageInEveryText() throws Exception {
    Campaign campaign = CampaignThroughputBench.withLinks(quickstart(), "on");

    assertThat(campaign.getSpec().landingUrl).isEqualTo("https://boutique.example.fr/soldes");
    assertThat(campaign.getSpec().template).endsWith(" {{link}}");
    campaign.getSpec().variants.forEach(v -> assertThat(v.template).endsWith(" {{link}}"));
  }

  @Test
  void plainWritesTheSameLandingPageOutUntracked() throws Exception {
    Campaign campaign = CampaignThroughputBench.withLinks(quickstart(), "plain");

    assertThat(campaign.getSpec().landingUrl).isNull();
    assertThat(campaign.getSpec().template)
        .endsWith(" https://boutique.example.fr/soldes")
        .doesNotContain("{{link");
    campaign
        .getSpec()
        .variants
        .forEach(v ->
            assertThat(v.template)
                .endsWith(" https://boutique.example.fr/soldes")
                .doesNotContain("{{link"));
  }

  @Test
  void offSendsNoLink() throws Exception {
    Campaign campaign = CampaignThroughputBench.withLinks(quickstart(), "off");

    assertThat(campaign.getSpec().landingUrl).isNull();
    assertThat(campaign.getSpec().template).doesNotContain("{{link").doesNotContain("https://");
  }
}
