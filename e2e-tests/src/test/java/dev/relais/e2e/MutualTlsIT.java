package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.launcher.ClusterDemo;
import dev.relais.local.launcher.DemoClock;
import dev.relais.local.launcher.DemoSummary;
import dev.relais.local.launcher.LocalCluster;
import dev.relais.local.launcher.LocalPki;
import dev.relais.local.launcher.Manifests;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.model.RelaisService;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local platform with mutual TLS, as {@code ./relais up --tls} runs it: every component
 * presents the certificate of its Secret (spec.tls.mode Secrets), the quickstart campaign completes
 * through the operator, and a caller is refused unless its certificate is signed by the platform's
 * CA and names a caller allowed the method. (The NetworkPolicies' selectors and ports against the
 * pods are asserted by the operator's PlatformNetworkPoliciesTest: TLS changes neither.)
 */
class MutualTlsIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final Path WORK = Path.of("target/e2e-mutual-tls");
  private static final String NS = "relais-demo";
  private static final PrintStream OUT = System.out;

  /** A French mobile number, the form the quickstart's contacts have. */
  private static final String PHONE = "+33612345678";

  private static ClusterDemo demo;
  private static LocalCluster cluster;
  private static Manifests manifests;
  private static DemoSummary summary;

  @BeforeAll
  static void runTheQuickstartWithMutualTls() throws Exception {
    manifests = Manifests.load(EXAMPLES);
    Duration offset =
        DemoClock.offsetFor("fr-marketing", true, Instant.now(), ZoneId.of("Europe/Paris"));
    demo =
        ClusterDemo.start(
            new ClusterDemo.Options(
                    WORK,
                    SharedCassandra.contactPoint(),
                    "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
                    offset,
                    Map.of(),
                    b -> {},
                    new PrintStream(OUT, true, StandardCharsets.UTF_8))
                .withTls(WORK.resolve("tls")),
            manifests);
    cluster = demo.cluster();
    summary = demo.run(manifests, EXAMPLES.resolve("contacts.csv"), "").get(0);
    summary.print(OUT);
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void theQuickstartCampaignCompletesWithEveryComponentOnItsCertificate() {
    SmsPlatform platform = cluster.platform().orElseThrow();
    assertThat(platform.getSpec().tls.mode).isEqualTo("Secrets");
    Campaign campaign =
        cluster
            .client()
            .resources(Campaign.class)
            .inNamespace(NS)
            .withName(manifests.campaigns().get(0).getMetadata().getName())
            .get();
    assertThat(campaign.getStatus().phase).isEqualTo("Completed");
    assertThat(summary.submitted()).isPositive();
    assertThat(summary.simulatorReceived()).isEqualTo(summary.submitted());
    List<Deployment> deployments =
        cluster.client().apps().deployments().inNamespace(NS).list().getItems();
    assertThat(deployments)
        .isNotEmpty()
        .allSatisfy(d ->
            assertThat(
                    d.getSpec().getTemplate().getSpec().getVolumes().stream()
                        .filter(v -> v.getSecret() != null)
                        .toList())
                .as(d.getMetadata().getName())
                .anySatisfy(v -> assertThat(v.getSecret().getSecretName()).endsWith("-tls")));
  }

  @Test
  void aPlainTextCallerIsRefused() {
    ManagedChannel channel =
        NettyChannelBuilder.forTarget(cluster.address(RelaisService.CONTACTS))
            .usePlaintext()
            .build();
    try {
      assertThatThrownBy(() -> export(channel))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              // The handshake fails; grpc-java names it UNAVAILABLE, or INTERNAL when its HTTP/2
              // stack reads the server's TLS answer as a malformed frame.
              e ->
                  assertThat(e.getStatus().getCode())
                      .isIn(Status.Code.UNAVAILABLE, Status.Code.INTERNAL));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aCallerWithoutACertificateIsRefusedBeforeTheService() throws Exception {
    LocalPki pki = demo.pki().orElseThrow();
    ManagedChannel channel =
        channel(GrpcSslContexts.forClient().trustManager(pki.ca().toFile()).build());
    try {
      assertThatThrownBy(() -> export(channel))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void aCertificateOfAnotherCaFailsTheHandshake() throws Exception {
    LocalPki own = demo.pki().orElseThrow();
    LocalPki stranger = LocalPki.create(WORK.resolve("stranger-ca"), "relais", NS);
    ManagedChannel channel =
        channel(
            GrpcSslContexts.forClient()
                .keyManager(stranger.certificate("admin").toFile(), stranger.key("admin").toFile())
                .trustManager(own.ca().toFile())
                .build());
    try {
      assertThatThrownBy(() -> export(channel))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              // The handshake fails; grpc-java names it UNAVAILABLE, or INTERNAL when its HTTP/2
              // stack reads the server's TLS answer as a malformed frame.
              e ->
                  assertThat(e.getStatus().getCode())
                      .isIn(Status.Code.UNAVAILABLE, Status.Code.INTERNAL));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void dispatchsCertificateMayNotExportAContact() throws Exception {
    LocalPki pki = demo.pki().orElseThrow();
    Secret dispatch =
        pki.secrets().stream()
            .filter(s -> s.getMetadata().getName().endsWith("-dispatch-tls"))
            .findFirst()
            .orElseThrow();
    Map<String, String> files = dispatch.getStringData();
    ManagedChannel channel =
        channel(
            GrpcSslContexts.forClient()
                .keyManager(stream(files.get("tls.crt")), stream(files.get("tls.key")))
                .trustManager(stream(files.get("ca.crt")))
                .build());
    try {
      assertThatThrownBy(() -> export(channel))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(e.getStatus().getDescription())
                    .contains("relais-dispatch")
                    .contains("ExportContact");
              });
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void theAdminCertificateForClientsIsUnderTheStateDirectory() {
    LocalPki pki = demo.pki().orElseThrow();

    assertThat(pki.directory()).isEqualTo(WORK.resolve("tls"));
    assertThat(Files.isRegularFile(pki.certificate("admin"))).isTrue();
    assertThat(Files.isRegularFile(pki.key("admin"))).isTrue();
    assertThat(Files.isRegularFile(pki.ca())).isTrue();
  }

  private static void export(ManagedChannel channel) {
    ContactsServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .exportContact(
            ExportContactRequest.newBuilder().setPhone(PHONE).setDefaultRegion("FR").build());
  }

  private static ManagedChannel channel(SslContext tls) {
    return NettyChannelBuilder.forTarget(cluster.address(RelaisService.CONTACTS))
        .sslContext(tls)
        .build();
  }

  private static ByteArrayInputStream stream(String pem) {
    return new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
