package dev.relais.common.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.tls.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caller is named by its certificate's first DNS name, else by its common name. */
class CallerIdentityTest {

  @TempDir Path secrets;

  @Test
  void theFirstDnsNameNamesTheCaller() throws Exception {
    Path crt = Path.of(TestPki.newCa("ca").issue(secrets, "relais-scheduler").get("tls.cert"));
    X509Certificate certificate;
    try (var in = Files.newInputStream(crt)) {
      certificate =
          (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }

    assertThat(CallerIdentity.of(certificate)).contains("relais-scheduler");
  }

  @Test
  void withoutDnsNamesTheCommonNameNamesTheCaller() throws Exception {
    X509Certificate certificate = TestPki.newCa("ca").subjectOnly("relais-admin");

    assertThat(CallerIdentity.of(certificate)).contains("relais-admin");
  }

  @Test
  void noCallHasAnIdentityOutsideACheckedCall() {
    assertThat(CallerIdentity.current()).isEmpty();
  }
}
