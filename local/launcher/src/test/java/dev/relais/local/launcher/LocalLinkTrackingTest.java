package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

class LocalLinkTrackingTest {

  private static final String LOCAL = "http://127.0.0.1:41234";

  @Test
  void aPlatformAddedByTheLauncherTracksLinksOnTheLocalRedirect() {
    SmsPlatform platform = platform(null);

    String said = LocalLinkTracking.configure(platform, false, LOCAL);

    assertThat(platform.getSpec().linkTrackingBaseUrl).isEqualTo(LOCAL);
    assertThat(said).isEqualTo("Link tracking: short links " + LOCAL + "/<token>");
  }

  @Test
  void aDeclaredBaseUrlIsReplacedByTheLocalOneAndTheUserIsTold() {
    SmsPlatform platform = platform(" https://r.example.fr ");

    String said = LocalLinkTracking.configure(platform, true, LOCAL);

    assertThat(platform.getSpec().linkTrackingBaseUrl).isEqualTo(LOCAL);
    assertThat(said).contains(LOCAL + "/<token>").contains("in place of https://r.example.fr,");
  }

  @Test
  void aDeclaredPlatformWithoutTrackingKeepsLinksOff() {
    SmsPlatform platform = platform(null);

    String said = LocalLinkTracking.configure(platform, true, LOCAL);

    assertThat(platform.getSpec().linkTrackingBaseUrl).isNull();
    assertThat(said)
        .isEqualTo(
            "Link tracking: off (SmsPlatform shop sets no linkTrackingBaseUrl; campaigns with"
                + " {{link}} are refused, as on a cluster)");
  }

  private static SmsPlatform platform(String baseUrl) {
    SmsPlatform platform = new SmsPlatform();
    platform.setMetadata(new ObjectMetaBuilder().withName("shop").withNamespace("ns").build());
    platform.setSpec(new SmsPlatformSpec());
    platform.getSpec().linkTrackingBaseUrl = baseUrl;
    return platform;
  }
}
