package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.OperatorSettings;
import dev.relais.operator.api.SmsPlatformSpec;
import org.junit.jupiter.api.Test;

class ReleaseImagesTest {

  @Test
  void theImagesAreTheBuildsPrefixNameAndVersion() {
    assertThat(ReleaseImages.prefix()).isEqualTo("ghcr.io/relais-dev/relais");
    assertThat(ReleaseImages.version()).doesNotContain("${").isNotBlank();
    assertThat(ReleaseImages.image("contacts"))
        .isEqualTo("ghcr.io/relais-dev/relais-contacts:" + ReleaseImages.version());
  }

  @Test
  void anSmsPlatformWithTheDefaultPrefixRunsTheImagesTheBuildMakes() {
    SmsPlatformSpec spec = new SmsPlatformSpec();
    spec.version = ReleaseImages.version();
    for (RelaisService service : RelaisService.values()) {
      assertThat(PlatformServicesBuilder.image(spec, service))
          .isEqualTo(ReleaseImages.image(service.id()));
    }
  }

  @Test
  void theOperatorAloneDispatchesWithItsOwnReleasesImageNotLatest() {
    assertThat(OperatorSettings.DEFAULT_DISPATCH_IMAGE)
        .isEqualTo(ReleaseImages.image("dispatch"))
        .doesNotEndWith(":latest");
  }
}
