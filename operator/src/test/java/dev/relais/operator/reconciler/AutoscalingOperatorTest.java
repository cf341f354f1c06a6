package dev.relais.operator.reconciler;

import static dev.relais.operator.reconciler.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.OperatorMain;
import dev.relais.operator.OperatorSettings;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmppRouteSpec;
import dev.relais.operator.services.OperatorServices;
import dev.relais.operator.services.RouteStatsSource;
import dev.relais.operator.services.SegmentEstimator;
import dev.relais.operator.services.ServiceAddresses;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The autoscaling loop through the real operator against the mock API server: a fake stats source
 * plays the route's dispatch, a small loop plays the Deployment controller (it makes each
 * Deployment run what it asks for), and every version of the dispatch Deployment is recorded.
 */
class AutoscalingOperatorTest {

  private static final String NS = "scale";
  private static final String ROUTE = "orange";
  private static final String DEPLOYMENT = "relais-dispatch-" + ROUTE;

  private static volatile RouteStatsSource.RouteStats figures =
      new RouteStatsSource.RouteStats(0, 0, 2, "");
  private static final List<String> ASKED = new CopyOnWriteArrayList<>();
  private static final List<int[]> VERSIONS = new CopyOnWriteArrayList<>();

  private static MockCluster cluster;
  private static OperatorMain operator;
  private static ScheduledExecutorService controller;
  private static Watch watch;

  @BeforeAll
  static void start() throws Exception {
    cluster = new MockCluster(NS);
    cluster.create(Manifests.platform(NS, "relais"));
    RouteStatsSource stats =
        (dispatch, route) -> {
          ASKED.add(dispatch + " " + route);
          return Optional.of(figures);
        };
    operator =
        OperatorMain.start(
            OperatorSettings.from(
                Map.of(
                    "RELAIS_USE_SSA", "false",
                    "SERVER_PORT", "0",
                    "RELAIS_AUTOSCALE_INTERVAL", "PT0.3S",
                    "RELAIS_SCALE_DOWN_STABILISATION", "PT1S")),
            cluster.client(),
            false,
            new OperatorServices(
                new FakeScheduler(),
                SegmentEstimator.NONE,
                stats,
                new ServiceAddresses(Map.of()),
                () -> {}));
    watch =
        cluster
            .client()
            .apps()
            .deployments()
            .inNamespace(NS)
            .withName(DEPLOYMENT)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Deployment deployment) {
                    VERSIONS.add(new int[] {deployment.getSpec().getReplicas(), tps(deployment)});
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    controller = Executors.newSingleThreadScheduledExecutor();
    controller.scheduleWithFixedDelay(
        AutoscalingOperatorTest::settle, 100, 100, TimeUnit.MILLISECONDS);
  }

  @AfterAll
  static void stop() {
    if (controller != null) {
      controller.shutdownNow();
    }
    if (watch != null) {
      watch.close();
    }
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aGrowingQueueAddsReplicasAndAnEmptyOneRemovesThemNeverExceedingTheRouteTps() {
    String routeLabel = "route=\"" + NS + "/" + ROUTE + "\"";
    String before = scrape();
    assertThat(sum(before, "relais_operator_reconciles_total", "kind=\"SmppRoute\"")).isZero();
    SmppRoute route = Manifests.route(NS, ROUTE, 1000);
    route.getSpec().autoscaling = new SmppRouteSpec.Autoscaling();
    route.getSpec().autoscaling.minReplicas = 1;
    route.getSpec().autoscaling.maxReplicas = 4;
    route.getSpec().autoscaling.maxTotalSessions = 8;
    cluster.create(route);
    await(() -> deployment(), d -> d != null && d.getSpec().getReplicas() == 1);

    // 120,000 waiting, one replica draining 100/s: four replicas drain it in 300 s.
    figures = new RouteStatsSource.RouteStats(120_000, 100, 2, "");
    Deployment scaledUp =
        await(AutoscalingOperatorTest::deployment, d -> d.getSpec().getReplicas() == 4);
    assertThat(tps(scaledUp)).isEqualTo(250);
    SmppRoute busy =
        await(
            () -> route(),
            r -> r.getStatus() != null && Integer.valueOf(4).equals(r.getStatus().replicas));
    assertThat(busy.getStatus().queueDepth).isEqualTo(120_000L);
    assertThat(busy.getStatus().bindsUp).isEqualTo(2);
    assertThat(busy.getStatus().scalingReason).isNotBlank();
    assertThat(ASKED).contains("relais-dispatch-orange.scale.svc:9093 orange");
    String busyScrape = scrape();
    assertThat(
            sum(
                busyScrape,
                "relais_operator_reconciles_total",
                "kind=\"SmppRoute\"",
                "result=\"success\""))
        .isPositive();
    assertThat(
            sum(
                busyScrape,
                "relais_operator_reconcile_duration_seconds_count",
                "kind=\"SmppRoute\""))
        .isPositive();
    assertThat(sum(busyScrape, "relais_operator_autoscaler_desired_replicas", routeLabel))
        .isEqualTo(4);
    assertThat(
            sum(
                busyScrape,
                "relais_operator_autoscaler_decisions_total",
                routeLabel,
                "direction=\"up\""))
        .isPositive();
    assertThat(cluster.client().services().inNamespace(NS).withName(DEPLOYMENT).get()).isNotNull();
    // Four replicas: a node drain takes one at a time.
    PodDisruptionBudget budget = await(AutoscalingOperatorTest::budget, b -> b != null);
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("SmppRoute");

    figures = new RouteStatsSource.RouteStats(0, 0, 8, "");
    Deployment scaledDown =
        await(
            AutoscalingOperatorTest::deployment,
            d -> d.getSpec().getReplicas() == 1 && tps(d) == 1000);
    assertThat(scaledDown.getSpec().getReplicas()).isEqualTo(1);
    // One replica: no budget is left to block a drain.
    assertThat(await(() -> budget() == null, gone -> gone)).isTrue();
    String quietScrape = scrape();
    assertThat(
            sum(
                quietScrape,
                "relais_operator_autoscaler_decisions_total",
                routeLabel,
                "direction=\"down\""))
        .isPositive();
    assertThat(sum(quietScrape, "relais_operator_autoscaler_desired_replicas", routeLabel))
        .isEqualTo(1);

    // Every version the operator wrote kept the sum of the replicas' TPS within the route's.
    assertThat(VERSIONS).isNotEmpty();
    for (int[] version : VERSIONS) {
      assertThat((long) version[0] * version[1])
          .as("%d replicas at %d TPS", version[0], version[1])
          .isLessThanOrEqualTo(1000);
    }
    // Up: the share was lowered on the running replica first. Down: replicas went first.
    assertThat(VERSIONS).anyMatch(v -> v[0] == 1 && v[1] == 250);
    assertThat(VERSIONS).noneMatch(v -> v[0] == 4 && v[1] > 250);
  }

  private static PodDisruptionBudget budget() {
    return cluster
        .client()
        .resources(PodDisruptionBudget.class)
        .inNamespace(NS)
        .withName(DEPLOYMENT)
        .get();
  }

  /** The Deployment controller and kubelet: every pod asked for runs, of the current template. */
  private static void settle() {
    try {
      Deployment deployment = deployment();
      if (deployment == null) {
        return;
      }
      int replicas = deployment.getSpec().getReplicas();
      Long generation = deployment.getMetadata().getGeneration();
      if (deployment.getStatus() != null
          && Integer.valueOf(replicas).equals(deployment.getStatus().getUpdatedReplicas())
          && java.util.Objects.equals(generation, deployment.getStatus().getObservedGeneration())) {
        return;
      }
      cluster
          .client()
          .apps()
          .deployments()
          .inNamespace(NS)
          .withName(DEPLOYMENT)
          .editStatus(d -> {
            d.setStatus(
                new DeploymentStatusBuilder()
                    .withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(d.getSpec().getReplicas())
                    .withUpdatedReplicas(d.getSpec().getReplicas())
                    .withReadyReplicas(d.getSpec().getReplicas())
                    .withAvailableReplicas(d.getSpec().getReplicas())
                    .build());
            return d;
          });
    } catch (RuntimeException e) {
      // A conflict with the operator's own write: the next round settles it.
    }
  }

  /** The operator's {@code GET /metrics} on its health port. */
  private static String scrape() {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + operator.healthPort() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sum of the samples of {@code name} whose labels include every one of {@code labels}. */
  private static double sum(String scrape, String name, String... labels) {
    return scrape
        .lines()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static Deployment deployment() {
    return cluster.client().apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get();
  }

  private static SmppRoute route() {
    return cluster.client().resources(SmppRoute.class).inNamespace(NS).withName(ROUTE).get();
  }

  private static int tps(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals("DISPATCH_TPS"))
        .map(EnvVar::getValue)
        .map(Integer::parseInt)
        .findFirst()
        .orElseThrow();
  }
}
