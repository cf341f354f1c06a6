package dev.relais.contacts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.common.config.ServiceConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Contacts refuses to start without the key of its erasure hashes, before touching anything. */
class PrivacyKeyRequiredTest {

  @Test
  void startIsRefusedWithoutAPrivacyKeyNamingTheSetting() {
    // No Cassandra listens here: the refusal must come before any connection attempt.
    ServiceConfig config =
        ServiceConfig.of("contacts", Map.of("cassandra.hosts", "127.0.0.1:1", "server.port", "0"));

    assertThatThrownBy(() -> ContactsServer.start(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("privacy.key")
        .hasMessageContaining("PRIVACY_KEY");
  }

  @Test
  void aBlankPrivacyKeyIsRefusedToo() {
    ServiceConfig config =
        ServiceConfig.of(
            "contacts",
            Map.of("cassandra.hosts", "127.0.0.1:1", "server.port", "0", "privacy.key", "  "));

    assertThatThrownBy(() -> ContactsServer.start(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("privacy.key");
  }
}
