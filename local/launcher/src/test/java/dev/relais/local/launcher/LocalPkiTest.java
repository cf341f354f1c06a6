package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local platform's certificates, as its components and clients use them over real TLS. */
class LocalPkiTest {

  @TempDir Path dir;

  @Test
  void eachComponentGetsItsSecretNamingItsIdentityFirstThenItsServiceAndLoopback()
      throws Exception {
    LocalPki pki = LocalPki.create(dir, "relais", "relais-demo");

    assertThat(pki.secrets())
        .extracting(s -> s.getMetadata().getName())
        .containsExactly(
            "relais-contacts-tls",
            "relais-scheduler-tls",
            "relais-dispatch-tls",
            "relais-analytics-tls",
            "relais-links-tls");
    Secret contacts = pki.secrets().getFirst();
    assertThat(contacts.getMetadata().getNamespace()).isEqualTo("relais-demo");
    assertThat(contacts.getStringData()).containsOnlyKeys("tls.crt", "tls.key", "ca.crt");
    X509Certificate certificate = certificate(contacts.getStringData().get("tls.crt"));
    certificate.verify(certificate(Files.readString(pki.ca())).getPublicKey());
    assertThat(names(certificate))
        .containsExactly(
            // The platform is named relais: its Service's name is the identity, listed once.
            "relais-contacts",
            "relais-contacts.relais-demo",
            "relais-contacts.relais-demo.svc",
            "localhost",
            "127.0.0.1");
    assertThat(contacts.getStringData().get("tls.key")).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(names(certificate(Files.readString(pki.certificate("admin")))))
        .startsWith("relais-admin");
    assertThat(names(certificate(Files.readString(pki.certificate("operator")))))
        .startsWith("relais-operator");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.key("admin"))))
        .isEqualTo("rw-------");
    assertThat(pki.operatorEnvironment())
        .containsEntry("TLS_CERT", pki.certificate("operator").toString())
        .containsEntry("TLS_KEY", pki.key("operator").toString())
        .containsEntry("TLS_CA", pki.ca().toString());
  }

  @Test
  void adminAndAServiceCompleteAMutualHandshakeAt127001AndAStrangerCannot() throws Exception {
    LocalPki pki = LocalPki.create(dir, "relais", "relais-demo");
    Map<String, String> contacts = pki.secrets().getFirst().getStringData();
    SSLContext server = context(contacts.get("tls.crt"), contacts.get("tls.key"), contacts);
    SSLContext admin =
        context(
            Files.readString(pki.certificate("admin")),
            Files.readString(pki.key("admin")),
            contacts);
    LocalPki stranger = LocalPki.create(dir.resolve("other"), "relais", "relais-demo");
    SSLContext strangerClient =
        context(
            Files.readString(stranger.certificate("admin")),
            Files.readString(stranger.key("admin")),
            contacts);

    assertThat(handshake(server, admin)).isEqualTo("CN=relais-admin");
    // The server refuses the certificate whatever the client then sees (an alert or a reset).
    assertThatThrownBy(() -> handshake(server, strangerClient))
        .cause()
        .cause()
        .isInstanceOf(SSLHandshakeException.class)
        .hasMessageContaining("PKIX path validation failed");
  }

  /** Serves one TLS connection requiring a client certificate; the client's subject it saw. */
  private static String handshake(SSLContext server, SSLContext client) throws Exception {
    try (SSLServerSocket listener =
        (SSLServerSocket)
            server
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setNeedClientAuth(true);
      CompletableFuture<String> seen =
          CompletableFuture.supplyAsync(() -> {
            try (SSLSocket socket = (SSLSocket) listener.accept()) {
              socket.startHandshake();
              String subject =
                  ((X509Certificate) socket.getSession().getPeerCertificates()[0])
                      .getSubjectX500Principal()
                      .getName();
              socket.getOutputStream().write(1);
              return subject;
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
      try (SSLSocket socket =
          (SSLSocket)
              client.getSocketFactory().createSocket("127.0.0.1", listener.getLocalPort())) {
        SSLParameters parameters = socket.getSSLParameters();
        // The server's certificate must name the address dialled, as a gRPC client checks it.
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        InputStream in = socket.getInputStream();
        in.read();
      } catch (IOException refused) {
        // What the client sees of a refusal depends on timing; the server's answer does not.
      }
      try {
        return seen.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw new IllegalStateException("the server refused the connection", e.getCause());
      }
    }
  }

  private static SSLContext context(String certificate, String key, Map<String, String> secret)
      throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "me", privateKey(key), new char[0], new X509Certificate[] {certificate(certificate)});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, new char[0]);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", certificate(secret.get("ca.crt")));
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
    return context;
  }

  private static X509Certificate certificate(String pem) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static PrivateKey privateKey(String pem) throws Exception {
    String body =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
  }

  private static List<String> names(X509Certificate certificate) throws Exception {
    List<String> names = new ArrayList<>();
    for (List<?> name : certificate.getSubjectAlternativeNames()) {
      names.add(String.valueOf(name.get(1)));
    }
    return names;
  }
}
