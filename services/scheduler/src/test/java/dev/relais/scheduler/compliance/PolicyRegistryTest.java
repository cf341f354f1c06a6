package dev.relais.scheduler.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PolicyRegistryTest {

  private final PolicyRegistry registry = PolicyRegistry.standard();

  @Test
  void resolvesNamedPolicies() {
    assertThat(registry.resolve("fr-marketing", true).name()).isEqualTo("fr-marketing");
    assertThat(registry.resolve("transactional", false).name()).isEqualTo("transactional");
    assertThat(registry.resolve("fr-marketing", false).name()).isEqualTo("fr-marketing");
  }

  @Test
  void emptyNameDefaultsByCampaignType() {
    assertThat(registry.resolve("", true).name()).isEqualTo("fr-marketing");
    assertThat(registry.resolve(" ", false).name()).isEqualTo("transactional");
  }

  @Test
  void unknownNameIsRefusedListingTheKnownOnes() {
    assertThatThrownBy(() -> registry.resolve("us-marketing", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown compliance policy 'us-marketing'; known policies: fr-marketing, transactional");
  }

  @Test
  void marketingCannotUseTheTransactionalPolicy() {
    assertThatThrownBy(() -> registry.resolve("transactional", true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is for transactional messages");
  }
}
