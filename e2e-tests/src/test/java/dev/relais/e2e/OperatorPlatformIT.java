package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.kube.ChildProcess;
import dev.relais.local.launcher.ClusterDemo;
import dev.relais.local.launcher.DemoClock;
import dev.relais.local.launcher.DemoSummary;
import dev.relais.local.launcher.LocalCluster;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.local.launcher.SyntheticContacts.RowKind;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.RelaisStatus;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.model.DispatchDeploymentBuilder;
import dev.relais.smsc.SmscSimulator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform end to end through the operator, as a cluster user drives it: an SmsPlatform and the
 * quickstart's Secret, SmppRoute, SenderId and Campaign are applied to the API server; the real
 * operator creates the Deployments and Services; the process kubelet runs them as local JVMs; the
 * campaign completes and every status says so. Then deletions clean up after themselves.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatorPlatformIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final String NS = "relais-demo";
  private static final String PLATFORM = "relais";
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final PrintStream OUT = System.out;

  private static ClusterDemo demo;
  private static LocalCluster cluster;
  private static SmscSimulator simulator;
  private static Manifests manifests;
  private static DemoSummary summary;
  private static long consenting;

  @BeforeAll
  static void runTheDemoThroughTheOperator() throws Exception {
    manifests = Manifests.load(EXAMPLES);
    Duration offset =
        DemoClock.offsetFor("fr-marketing", true, Instant.now(), ZoneId.of("Europe/Paris"));
    demo =
        ClusterDemo.start(
            new ClusterDemo.Options(
                Path.of("target/e2e-operator"),
                SharedCassandra.contactPoint(),
                "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
                offset,
                Map.of(),
                b -> {},
                new PrintStream(OUT, true, StandardCharsets.UTF_8)),
            manifests);
    cluster = demo.cluster();
    List<DemoSummary> summaries = demo.run(manifests, EXAMPLES.resolve("contacts.csv"), "");
    summary = summaries.get(0);
    summary.print(OUT);
    simulator = demo.simulator(manifests.routes().get(0).getMetadata().getName());
    consenting =
        LongStream.range(0, summary.imported().getRows())
            .filter(i -> SyntheticContacts.kindOf(i) == RowKind.CONSENTING)
            .count();
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  @Order(1)
  void theCampaignCompletesThroughTheOperator() {
    await("the Campaign completes", () -> "Completed".equals(campaignStatus().phase));

    Campaign.Status status = campaignStatus();
    OUT.printf(
        "OperatorPlatformIT: campaign %s, queued %d, submitted %d, delivered %d, suppressed %s;"
            + " SMSC received %d%n",
        status.phase,
        status.queued,
        status.submitted,
        status.delivered,
        status.suppressed,
        simulator.receivedCount());
    assertThat(status.queued).isEqualTo(consenting);
    assertThat(summary.submitted()).isEqualTo(consenting);
    assertThat(summary.simulatorReceived()).isEqualTo(consenting);
    assertThat(simulator.received().stream().map(m -> m.destinationAddress()).distinct().count())
        .isEqualTo(consenting);
    // The A/B test of the quickstart: each variant's count in the status is what the SMSC got of
    // its text (known by its opening words).
    Map<String, Long> receivedByVariant =
        QuickstartCampaign.receivedByNumber(simulator).keySet().stream()
            .map(number -> {
              List<String> texts = simulator.reassembledTextsFor(number.substring(1));
              return (texts.isEmpty() ? simulator.reassembledTextsFor(number) : texts).get(0);
            })
            .collect(
                Collectors.groupingBy(
                    text -> text.startsWith("Bonjour ") ? "a" : "b", Collectors.counting()));
    await(
        "each variant's submitted count to reach the status",
        () ->
            campaignStatus().variants != null
                && campaignStatus().variants.stream()
                    .allMatch(v -> Objects.equals(v.submitted, receivedByVariant.get(v.name))));
    assertThat(campaignStatus().variants)
        .extracting(v -> v.name, v -> v.queued, v -> v.submitted)
        .containsExactly(
            tuple("a", receivedByVariant.get("a"), receivedByVariant.get("a")),
            tuple("b", receivedByVariant.get("b"), receivedByVariant.get("b")));
  }

  @Test
  @Order(2)
  void everyResourceIsReady() {
    await(
        "every resource Ready",
        () ->
            ready(get(SmsPlatform.class, PLATFORM).getStatus())
                && ready(
                    get(SmppRoute.class, manifests.routes().get(0).getMetadata().getName())
                        .getStatus())
                && ready(
                    get(SenderId.class, manifests.senders().get(0).getMetadata().getName())
                        .getStatus())
                && ready(campaignStatus()));
  }

  @Test
  @Order(3)
  void deletingTheRouteRemovesItsDispatchDeploymentAndProcesses() {
    String route = manifests.routes().get(0).getMetadata().getName();
    String deployment = DispatchDeploymentBuilder.deploymentName(route);
    List<ChildProcess> dispatchers = cluster.kubelet().processes(NS, deployment);
    assertThat(dispatchers).isNotEmpty();

    cluster.client().resources(SmppRoute.class).inNamespace(NS).withName(route).delete();

    await(
        "the dispatch Deployment is gone",
        () ->
            cluster.client().apps().deployments().inNamespace(NS).withName(deployment).get()
                == null);
    await("its processes stopped", () -> dispatchers.stream().noneMatch(ChildProcess::alive));
  }

  @Test
  @Order(4)
  void deletingTheCampaignLeavesNothingBehind() {
    String name = manifests.campaigns().get(0).getMetadata().getName();

    cluster.client().resources(Campaign.class).inNamespace(NS).withName(name).delete();

    await(
        "the Campaign is gone (its finalizer released)",
        () ->
            cluster.client().resources(Campaign.class).inNamespace(NS).withName(name).get()
                == null);
  }

  private static Campaign.Status campaignStatus() {
    Campaign campaign = get(Campaign.class, manifests.campaigns().get(0).getMetadata().getName());
    return campaign == null || campaign.getStatus() == null
        ? new Campaign.Status()
        : campaign.getStatus();
  }

  private static <T extends HasMetadata> T get(Class<T> type, String name) {
    return cluster.client().resources(type).inNamespace(NS).withName(name).get();
  }

  private static boolean ready(RelaisStatus status) {
    return status != null
        && status.conditions.stream()
            .anyMatch(c -> "Ready".equals(c.type) && "True".equals(c.status));
  }

  private static boolean allReady(String... deployments) {
    for (String name : deployments) {
      Deployment d = cluster.client().apps().deployments().inNamespace(NS).withName(name).get();
      if (d == null
          || d.getStatus() == null
          || Objects.requireNonNullElse(d.getStatus().getReadyReplicas(), 0) < 1) {
        return false;
      }
    }
    return true;
  }

  private static void await(String what, BooleanSupplier condition) {
    Instant giveUp = Instant.now().plus(TIMEOUT);
    Instant lastLine = Instant.EPOCH;
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as(what).isBefore(giveUp);
      if (Duration.between(lastLine, Instant.now()).toSeconds() >= 10) {
        lastLine = Instant.now();
        OUT.println("OperatorPlatformIT: waiting: " + what);
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
