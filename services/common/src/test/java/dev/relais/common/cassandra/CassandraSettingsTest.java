package dev.relais.common.cassandra;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.common.config.ServiceConfig;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cassandra settings that cannot work are refused before any connection attempt. */
class CassandraSettingsTest {

  @Test
  void aTrustBundleWithoutTlsIsAMistakeNotSilentlyIgnored() {
    Map<String, String> values = new HashMap<>();
    values.put("cassandra.tlstrust", "-----BEGIN CERTIFICATE-----");

    assertThatThrownBy(() -> settings(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cassandra.tlstrust is set but cassandra.tls is false");
  }

  @Test
  void aUserWithoutPasswordIsRefused() {
    Map<String, String> values = new HashMap<>();
    values.put("cassandra.username", "relais");

    assertThatThrownBy(() -> settings(values))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cassandra.username and cassandra.password go together");
  }

  @Test
  void anUnreadableTrustBundleFailsBeforeAnyAttemptNotAfterTheTimeout() {
    Map<String, String> values = new HashMap<>();
    values.put("cassandra.hosts", "127.0.0.1:1");
    values.put("cassandra.tls", "true");
    values.put("cassandra.tlstrust", "not a certificate");
    values.put("cassandra.timeout", "PT10M");

    // Within the retry loop it would end, ten minutes later, as "not reachable".
    assertThatThrownBy(() -> CassandraConnector.connect(settings(values), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cassandra.tlstrust");
  }

  private static CassandraConnector.Settings settings(Map<String, String> values) {
    return CassandraConnector.Settings.from(ServiceConfig.of("t", values), "t");
  }
}
