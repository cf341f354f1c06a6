package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.launcher.DemoClock;
import dev.relais.local.launcher.LocalPlatform;
import dev.relais.local.launcher.LocalSmsc;
import dev.relais.local.launcher.ManifestTranslator;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SmppRoute;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SmscSimulatorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A route annotated {@code relais.dev/local-smsc: external} is sent to where it points: an SMSC the
 * test runs on a port of its own choosing, not one of the launcher's simulators. Real processes:
 * every service in its own JVM, real Cassandra, real SMPP.
 */
class ExternalSmscIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final String CAMPAIGN = "relais-demo/winter-sale";
  private static final int RECIPIENTS = 12;

  private LocalPlatform platform;
  private SmscSimulator carrier;

  @AfterEach
  void stop() {
    if (platform != null) {
      platform.close();
    }
    if (carrier != null) {
      carrier.close();
    }
  }

  @Test
  void theCampaignReachesTheSmscTheRoutePointsAt() throws Exception {
    Manifests manifests = Manifests.load(EXAMPLES);
    SmppRoute route = manifests.routes().get(0);
    String password =
        manifests.secretValue(
            route.getMetadata().getNamespace(), route.getSpec().passwordSecretRef);
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    carrier =
        SmscSimulator.start(
            SmscSimulatorConfig.builder()
                .host("127.0.0.1")
                .port(port)
                .account(route.getSpec().systemId, password)
                .dlrDelay(Duration.ofMillis(50))
                .build());
    route.getMetadata().setAnnotations(Map.of(LocalSmsc.ANNOTATION, LocalSmsc.EXTERNAL));
    route.getSpec().host = "127.0.0.1";
    route.getSpec().port = port;

    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    Path work = Path.of("target/e2e-external-smsc");
    platform =
        LocalPlatform.start(
            new LocalPlatform.Options(
                work,
                SharedCassandra.contactPoint(),
                "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
                DemoClock.offsetFor("fr-marketing", true, Instant.now(), ZoneId.of("Europe/Paris")),
                b -> {},
                out));
    platform.scheduler().upsertRoute(ManifestTranslator.route(route));
    LocalPlatform.RouteRuntime runtime = platform.deployRoute(route, password, 1);
    assertThat(runtime.smsc().simulator()).as("a simulator of the launcher").isEmpty();
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("own SMSC at 127.0.0.1:" + port);

    Path file = work.resolve("contacts.csv");
    SyntheticContacts.write(file, RECIPIENTS, 11L, false);
    Campaign campaign = manifests.campaigns().get(0);
    assertThat(
            QuickstartCampaign.importContacts(platform, campaign, file, Duration.ofMinutes(2))
                .getImported())
        .isEqualTo(RECIPIENTS);
    QuickstartCampaign.start(platform, manifests, campaign);
    awaitCompletion(Duration.ofMinutes(3));

    assertThat(
            carrier.received().stream()
                .filter(m -> m.part().map(p -> p.partNumber() == 1).orElse(true))
                .map(m -> "+" + m.destinationAddress().replaceFirst("^\\+", ""))
                .collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(
            LongStream.range(0, RECIPIENTS).mapToObj(SyntheticContacts::e164).toList());
    assertThat(carrier.stats().peakBoundSessions()).isEqualTo(route.getSpec().sessions);
  }

  private void awaitCompletion(Duration timeout) throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    while (true) {
      CampaignStatus status =
          platform.scheduler().getCampaign(GetCampaignRequest.newBuilder().setId(CAMPAIGN).build());
      if (status.getPhase() == CampaignPhase.CAMPAIGN_PHASE_COMPLETED) {
        return;
      }
      assertThat(status.getPhase()).isNotEqualTo(CampaignPhase.CAMPAIGN_PHASE_FAILED);
      assertThat(Instant.now()).as("completed in time: " + status.getMessage()).isBefore(giveUp);
      Thread.sleep(500);
    }
  }
}
