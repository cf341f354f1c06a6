package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.launcher.ClusterDemo;
import dev.relais.local.launcher.DemoClock;
import dev.relais.local.launcher.DemoSummary;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmppRouteSpec;
import dev.relais.operator.model.DispatchDeploymentBuilder;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SubmitDecision;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dispatch scales with its queue, through the operator: a carrier that answers slowly (each replica
 * drains far less than the route's TPS) meets a campaign backlog; the operator adds dispatch
 * replicas, the process kubelet starts them, and once the queue has drained the replicas come back
 * down. Throughout, what the SMSC simulator saw in any one second stays within the route's maxTps,
 * whatever the replica count.
 */
class AutoscalingIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");

  /**
   * Enough backlog to outlast the operator's first measurement: it trusts a replica's drain rate
   * only once messages have waited a whole minute, and one replica drains about 40 a second, so
   * 4,500 leave some 2,000 to the added replicas (3,000 could all be gone by then).
   */
  private static final int ROWS = 4_500;

  private static final int MAX_TPS = 60;
  private static final PrintStream OUT = System.out;

  /** Replica counts the operator asked for, and processes the kubelet ran, over time. */
  private record Sample(Instant at, int desired, int running, String reason) {}

  private static ClusterDemo demo;
  private static SmscSimulator simulator;
  private static DemoSummary summary;
  private static final List<Sample> samples = new CopyOnWriteArrayList<>();
  private static int replicasAfterDrain;

  @BeforeAll
  static void runABacklogThroughASlowCarrier() throws Exception {
    Manifests manifests = Manifests.load(EXAMPLES);
    SmppRoute route = manifests.routes().get(0);
    route.getSpec().maxTps = MAX_TPS;
    // One session with two submits in flight, each answered after 50 ms: about 40 messages per
    // second per replica, below the route's 60 TPS, so a second replica helps.
    route.getSpec().sessions = 1;
    route.getSpec().windowSize = 2;
    route.getSpec().autoscaling = new SmppRouteSpec.Autoscaling();
    route.getSpec().autoscaling.minReplicas = 1;
    route.getSpec().autoscaling.maxReplicas = 3;
    route.getSpec().autoscaling.targetDrainSeconds = 10;
    String deployment = DispatchDeploymentBuilder.deploymentName(route.getMetadata().getName());
    Duration offset =
        DemoClock.offsetFor("fr-marketing", true, Instant.now(), ZoneId.of("Europe/Paris"));
    Path work = Path.of("target/e2e-autoscaling");
    demo =
        ClusterDemo.start(
            new ClusterDemo.Options(
                work,
                SharedCassandra.contactPoint(),
                "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
                offset,
                Map.of(
                    "RELAIS_AUTOSCALE_INTERVAL", "PT2S",
                    "RELAIS_SCALE_DOWN_STABILISATION", "PT15S"),
                b -> b.submitPolicy(submit -> SubmitDecision.delayResponse(Duration.ofMillis(50))),
                new PrintStream(OUT, true, StandardCharsets.UTF_8)),
            manifests);
    Thread sampler =
        Thread.ofVirtual()
            .start(() -> {
              while (!Thread.currentThread().isInterrupted()) {
                samples.add(
                    new Sample(
                        Instant.now(),
                        desiredReplicas(deployment),
                        demo.cluster()
                            .kubelet()
                            .processes(route.getMetadata().getNamespace(), deployment)
                            .size(),
                        scalingReason(route)));
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    try {
      Path contacts = work.resolve("contacts.csv");
      // Every row a consenting contact: the whole file is the backlog.
      SyntheticContacts.write(contacts, ROWS, 2027L, false);
      summary = demo.run(manifests, contacts, "").get(0);
      simulator = demo.simulator(route.getMetadata().getName());
      // The queue is empty: replicas come back down once the stabilisation window has passed.
      Instant giveUp = Instant.now().plus(Duration.ofMinutes(2));
      while (desiredReplicas(deployment) > 1 && Instant.now().isBefore(giveUp)) {
        Thread.sleep(500);
      }
      Thread.sleep(3_000);
      replicasAfterDrain = desiredReplicas(deployment);
    } finally {
      sampler.interrupt();
    }
    OUT.printf(
        "AutoscalingIT: replicas over time (desired/running): %s%n",
        samples.stream()
            .map(s -> s.desired() + "/" + s.running())
            .reduce((a, b) -> a.endsWith(b) ? a : a + " " + b)
            .orElse(""));
    String reasons = "";
    for (Sample s : samples) {
      if (s.reason() != null && !reasons.endsWith(s.reason() + "\n")) {
        reasons += "  " + s.at() + " " + s.desired() + "/" + s.running() + " " + s.reason() + "\n";
      }
    }
    OUT.printf("AutoscalingIT: the operator's scaling reasons over time:%n%s", reasons);
    OUT.printf(
        "AutoscalingIT: %d messages, SMSC max %d submits in one second (route maxTps %d)%n",
        summary.simulatorReceived(), simulator.maxSubmitsInAnyOneSecond(), MAX_TPS);
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  private static String scalingReason(SmppRoute route) {
    SmppRoute current =
        demo.cluster()
            .client()
            .resources(SmppRoute.class)
            .inNamespace(route.getMetadata().getNamespace())
            .withName(route.getMetadata().getName())
            .get();
    return current == null || current.getStatus() == null
        ? null
        : current.getStatus().scalingReason;
  }

  private static int desiredReplicas(String deployment) {
    Deployment d =
        demo.cluster()
            .client()
            .apps()
            .deployments()
            .inNamespace(demo.cluster().namespace())
            .withName(deployment)
            .get();
    return d == null ? 0 : Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
  }

  @Test
  void replicasRoseUnderTheBacklogAndFellAfterItDrained() {
    int most = samples.stream().mapToInt(Sample::running).max().orElse(0);

    assertThat(most).as("dispatch processes running at the peak").isGreaterThanOrEqualTo(2);
    assertThat(replicasAfterDrain).as("replicas once the queue drained").isEqualTo(1);
  }

  @Test
  void theRouteTpsWasNeverExceededInSum() {
    assertThat(simulator.maxSubmitsInAnyOneSecond()).isLessThanOrEqualTo(MAX_TPS);
  }

  @Test
  void everyRecipientGotTheMessageWhileReplicasCameAndWent() {
    assertThat(summary.queued()).isEqualTo(ROWS);
    assertThat(
            simulator.received().stream()
                .map(m -> m.destinationAddress().replaceFirst("^\\+", ""))
                .distinct()
                .count())
        .isEqualTo(ROWS);
  }
}
