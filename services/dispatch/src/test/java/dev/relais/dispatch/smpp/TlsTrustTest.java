package dev.relais.dispatch.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.tls.TestPki;
import dev.relais.common.tls.TlsTrust;
import java.security.KeyStore;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Reading a route's trust bundle and the TLS settings around it. */
class TlsTrustTest {

  @Test
  void everyCertificateOfABundleBecomesATrustedCa() throws Exception {
    String bundle =
        TestPki.newCa("Carrier root").caPem() + "\n" + TestPki.newCa("Carrier next root").caPem();

    KeyStore store = TlsTrust.keyStore(bundle, "smpp.tlstrust");

    assertThat(Collections.list(store.aliases())).hasSize(2);
    assertThat(TlsTrust.context(bundle, "smpp.tlstrust").getProtocol()).isEqualTo("TLS");
  }

  @Test
  void aBundleWithoutCertificatesIsRefusedWithAReadableReason() {
    assertThatThrownBy(
            () -> TlsTrust.keyStore("-----BEGIN CERTIFICATE-----\nnot base64\n", "smpp.tlstrust"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("smpp.tlstrust");
    assertThatThrownBy(() -> TlsTrust.keyStore("hello", "smpp.tlstrust"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("smpp.tlstrust");
  }

  @Test
  void aBlankBundleTrustsTheJdksDefaultCas() {
    assertThat(TlsTrust.context("  ", "smpp.tlstrust")).isNotNull();
  }

  @Test
  void aTrustBundleWithoutTlsIsAMistakeNotSilentlyIgnored() {
    ServiceConfig config =
        ServiceConfig.of("dispatch", SmppSettingsTest.route("smpp.tlstrust", "-----BEGIN CERT"));
    assertThatThrownBy(() -> SmppSettings.from(config))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("smpp.tls is false");
  }

  @Test
  void settingsShowTlsButNeverTheBundleOrThePassword() throws Exception {
    String pem = TestPki.newCa("Carrier root").caPem();
    SmppSettings settings =
        SmppSettings.from(
            ServiceConfig.of(
                "dispatch",
                SmppSettingsTest.route(
                    "smpp.password", "hunter2",
                    "smpp.tls", "true",
                    "smpp.tlstrust", pem)));

    assertThat(settings.tls()).isTrue();
    assertThat(settings.toString())
        .contains("tls with a private trust bundle")
        .doesNotContain("hunter2")
        .doesNotContain("BEGIN CERTIFICATE");
    assertThat(SmscConnector.from(settings).tls()).isTrue();
  }
}
