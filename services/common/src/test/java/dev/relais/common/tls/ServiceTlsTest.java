package dev.relais.common.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.common.config.ServiceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three TLS settings go together: all set, or none (plain HTTP/2). */
class ServiceTlsTest {

  @TempDir Path secrets;

  @Test
  void offWhenNothingIsSet() {
    ServiceTls tls = ServiceTls.from(ServiceConfig.of("contacts", Map.of()));

    assertThat(tls.enabled()).isFalse();
    assertThat(tls.server()).isEmpty();
    assertThat(tls.client()).isEmpty();
  }

  @Test
  void readsTheFilesOfACertManagerSecret() throws Exception {
    Map<String, String> files = TestPki.newCa("ca").issue(secrets, "relais-contacts");

    ServiceTls tls = ServiceTls.from(ServiceConfig.of("contacts", files));

    assertThat(tls.enabled()).isTrue();
    assertThat(tls.server()).isPresent();
    assertThat(tls.client()).isPresent();
  }

  @Test
  void refusesToStartWhenASettingIsMissing() throws Exception {
    Map<String, String> files =
        new HashMap<>(TestPki.newCa("ca").issue(secrets, "relais-contacts"));
    files.remove(ServiceTls.KEY);

    assertThatThrownBy(() -> ServiceTls.from(ServiceConfig.of("contacts", files)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tls.key (environment variable TLS_KEY) is not set");
  }

  @Test
  void refusesAFileThatIsNotPem() throws Exception {
    Map<String, String> files =
        new HashMap<>(TestPki.newCa("ca").issue(secrets, "relais-contacts"));
    Path garbage = Files.writeString(secrets.resolve("ca.crt"), "not a certificate");
    files.put(ServiceTls.CA, garbage.toString());

    assertThatThrownBy(() -> ServiceTls.from(ServiceConfig.of("contacts", files)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tls.ca");
  }
}
