package dev.relais.common.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.common.config.ServiceConfig;
import dev.relais.local.cassandra.EmbeddedCassandra;
import dev.relais.local.cassandra.RunningCassandra;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connector against a node that, like a production cluster, accepts TLS clients only and
 * requires a login: a private node of this class, with a certificate made for the run.
 */
class CassandraConnectorTlsIT {

  private static final String STORE_PASSWORD = "relais-test-store";

  private static Path dir;
  private static RunningCassandra node;
  private static String nodeCertificatePem;

  @BeforeAll
  static void startNode() throws Exception {
    dir = Files.createTempDirectory("relais-cassandra-tls-");
    Path keyStore = dir.resolve("node.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "node",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=relais-test-node",
        "-ext",
        "san=ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-keypass",
        STORE_PASSWORD);
    nodeCertificatePem = certificatePem(keyStore);
    node =
        EmbeddedCassandra.builder()
            .dataDirectory(dir.resolve("node"))
            .heapSize("512m")
            .clientTls(keyStore, STORE_PASSWORD)
            .passwordAuthentication()
            .build()
            .start();
  }

  @AfterAll
  static void stopNode() throws IOException {
    if (node != null) {
      node.close();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void connectsWithTlsAndCredentialsAndMigratesItsKeyspace() {
    Map<String, String> values = settings();
    values.put("cassandra.replication", "NetworkTopologyStrategy:datacenter1=1");

    try (CqlSession session =
        CassandraConnector.connectAndMigrate(
            CassandraConnector.Settings.from(ServiceConfig.of("tls", values), "tls_it"),
            "sample")) {
      assertThat(session.getKeyspace()).map(Object::toString).contains("relais_tls_it");
      assertThat(session.execute("SELECT k FROM b").all()).isEmpty();
      assertThat(
              session
                  .execute(
                      "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name ="
                          + " 'relais_tls_it'")
                  .one()
                  .getMap("replication", String.class, String.class))
          .containsEntry("datacenter1", "1");
    }
  }

  @Test
  void aWrongPasswordFailsAtOnceNamingTheUser() {
    Map<String, String> values = settings();
    values.put("cassandra.password", "not-the-password");

    assertThatThrownBy(() -> connect(values))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("refused the credentials of user cassandra");
  }

  @Test
  void withoutCredentialsTheErrorSaysWhichSettingsToSet() {
    Map<String, String> values = settings();
    values.remove("cassandra.username");
    values.remove("cassandra.password");

    assertThatThrownBy(() -> connect(values))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("requires authentication: set cassandra.username");
  }

  @Test
  void withoutTheTrustBundleTheNodeCertificateIsRefused() {
    Map<String, String> values = settings();
    values.remove("cassandra.tlstrust");

    assertThatThrownBy(() -> connect(values))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TLS with Cassandra at [127.0.0.1:" + node.cqlPort() + "] failed")
        .hasMessageContaining("cassandra.tlstrust");
  }

  @Test
  void withoutTlsTheNodeIsNotReachedAndTheErrorPointsToTheSetting() {
    Map<String, String> values = settings();
    values.remove("cassandra.tls");
    values.remove("cassandra.tlstrust");
    values.put("cassandra.timeout", "PT6S");

    assertThatThrownBy(() -> connect(values))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("set cassandra.tls");
  }

  private static void connect(Map<String, String> values) {
    CassandraConnector.connect(
            CassandraConnector.Settings.from(ServiceConfig.of("tls", values), "tls_it"), null)
        .close();
  }

  private static Map<String, String> settings() {
    Map<String, String> values = new HashMap<>();
    values.put("cassandra.hosts", node.contactPoint());
    values.put("cassandra.datacenter", node.localDatacenter());
    values.put("cassandra.username", "cassandra");
    values.put("cassandra.password", "cassandra");
    values.put("cassandra.tls", "true");
    values.put("cassandra.tlstrust", nodeCertificatePem);
    values.put("cassandra.timeout", "PT60S");
    return values;
  }

  private static void keytool(String... arguments) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
  }

  private static String certificatePem(Path keyStore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, STORE_PASSWORD.toCharArray());
    }
    return "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'})
            .encodeToString(store.getCertificate("node").getEncoded())
        + "\n-----END CERTIFICATE-----\n";
  }
}
