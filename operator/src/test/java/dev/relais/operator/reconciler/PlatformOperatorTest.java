package dev.relais.operator.reconciler;

import static dev.relais.operator.reconciler.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.OperatorMain;
import dev.relais.operator.OperatorSettings;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.model.Conditions;
import dev.relais.operator.model.PlatformServicesBuilder;
import dev.relais.operator.services.OperatorServices;
import dev.relais.operator.services.RouteStatsSource;
import dev.relais.operator.services.SegmentEstimator;
import dev.relais.operator.services.ServiceAddresses;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SmsPlatforms and the routes that depend on them, through the real operator (mock API server). */
class PlatformOperatorTest {

  private static final String NS = "sms";
  private static final FakeScheduler SCHEDULER = new FakeScheduler();

  private static MockCluster cluster;
  private static OperatorMain operator;

  @BeforeAll
  static void start() throws IOException {
    cluster = new MockCluster(NS, "other", "empty");
    // One platform serves the namespace for every test; a second one is refused.
    cluster.create(Manifests.platform(NS, "relais"));
    OperatorSettings settings =
        OperatorSettings.from(Map.of("RELAIS_USE_SSA", "false", "SERVER_PORT", "0"));
    operator =
        OperatorMain.start(
            settings,
            cluster.client(),
            false,
            new OperatorServices(
                SCHEDULER,
                SegmentEstimator.NONE,
                RouteStatsSource.NONE,
                new ServiceAddresses(Map.of()),
                () -> {}));
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aPlatformRunsContactsSchedulerAndAnalyticsAndBecomesReady() {
    SmsPlatform created = platform("relais");

    for (String service : List.of("contacts", "scheduler", "analytics")) {
      Deployment deployment = await(() -> deployment("relais-" + service), d -> d != null);
      Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(container.getImage()).isEqualTo("registry.example/relais-" + service + ":1.4.0");
      assertThat(container.getEnvFrom().get(0).getConfigMapRef().getName())
          .isEqualTo("relais-" + service);
      assertOwnedBy(deployment, created);
      assertOwnedBy(await(() -> configMap("relais-" + service), c -> c != null), created);
      Service svc = await(() -> service("relais-" + service), s -> s != null);
      assertOwnedBy(svc, created);
      assertThat(svc.getSpec().getSelector())
          .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
      // Credentials reach the pods from the Secret; the operator never reads them.
      Map<String, EnvVar> env = env(container);
      assertThat(env.get("CASSANDRA_USERNAME").getValueFrom().getSecretKeyRef().getName())
          .isEqualTo("cassandra-credentials");
      assertThat(env.get("CASSANDRA_PASSWORD").getValueFrom().getSecretKeyRef().getKey())
          .isEqualTo("password");
      assertThat(env.get("CASSANDRA_PASSWORD").getValue()).isNull();
      // The CA the nodes' certificates chain to comes from its ConfigMap, by reference.
      assertThat(env.get("CASSANDRA_TLSTRUST").getValueFrom().getConfigMapKeyRef().getName())
          .isEqualTo("cassandra-ca");
      // Only contacts hashes erased numbers: only it gets the privacy key, from its Secret.
      if (service.equals("contacts")) {
        assertThat(env.get("PRIVACY_KEY").getValueFrom().getSecretKeyRef().getName())
            .isEqualTo("contacts-privacy");
        assertThat(env.get("PRIVACY_KEY").getValue()).isNull();
      } else {
        assertThat(env).doesNotContainKey("PRIVACY_KEY");
      }
    }
    assertThat(configMap("relais-contacts").getData())
        .containsEntry("SCHEDULER_ADDRESS", "relais-scheduler:9092");
    ConfigMap scheduler = configMap("relais-scheduler");
    assertThat(scheduler.getData())
        .containsEntry("CASSANDRA_HOSTS", "cass-0.db:9042,cass-1.db:9042")
        .containsEntry("CASSANDRA_DATACENTER", "dc1")
        .containsEntry("CASSANDRA_PREFIX", "acme")
        .containsEntry("CASSANDRA_REPLICATION", "NetworkTopologyStrategy:dc1=3,dc2=2")
        .containsEntry("CASSANDRA_TLS", "true")
        .containsEntry("CONTACTS_ADDRESS", "relais-contacts:9091")
        .containsEntry("ANALYTICS_ADDRESS", "relais-analytics:9094")
        .containsEntry("SERVER_HOST", "0.0.0.0")
        .containsEntry("SERVER_PORT", "9092")
        .containsEntry("OTEL_ENDPOINT", "http://otel:4318")
        .containsEntry("OTEL_SAMPLING", "0.5");
    assertThat(deployment("relais-scheduler").getSpec().getReplicas()).isEqualTo(2);

    SmsPlatform progressing =
        await(
            () -> platform("relais"),
            p -> p.getStatus() != null && !p.getStatus().services.isEmpty());
    assertThat(ready(progressing).status).isEqualTo("False");
    assertThat(ready(progressing).message)
        .contains("keyspace replication NetworkTopologyStrategy:dc1=3,dc2=2")
        .contains("ALTER KEYSPACE");
    assertThat(progressing.getStatus().services)
        .containsEntry("contacts", "0/1")
        .containsEntry("scheduler", "0/2");

    // Play the kubelet: every pod became ready.
    for (String service : List.of("contacts", "scheduler", "analytics")) {
      markReady("relais-" + service);
    }
    SmsPlatform ready =
        await(() -> platform("relais"), p -> Conditions.isTrue(p.getStatus().conditions, "Ready"));
    assertThat(ready.getStatus().version).isEqualTo("1.4.0");
    assertThat(ready.getStatus().services).containsEntry("scheduler", "2/2");
    assertThat(ready.getStatus().observedGeneration).isEqualTo(1L);
  }

  @Test
  void aConfigurationChangeReachesTheServicesAndRollsTheirPods() {
    cluster.create(Manifests.platform("other", "relais"));
    Deployment before = await(() -> deployment("other", "relais-contacts"), d -> d != null);
    String hash = configHash(before);

    MockCluster.edit(() ->
        cluster
            .client()
            .resources(SmsPlatform.class)
            .inNamespace("other")
            .withName("relais")
            .edit(p -> {
              p.getSpec().cassandra.contactPoints = List.of("cass-9.db:9042");
              return p;
            }));

    ConfigMap changed =
        await(
            () ->
                cluster
                    .client()
                    .configMaps()
                    .inNamespace("other")
                    .withName("relais-contacts")
                    .get(),
            c -> "cass-9.db:9042".equals(c.getData().get("CASSANDRA_HOSTS")));
    assertThat(changed.getData()).containsEntry("SERVER_PORT", "9091");
    Deployment after =
        await(() -> deployment("other", "relais-contacts"), d -> !hash.equals(configHash(d)));
    assertThat(after.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/relais-contacts:1.4.0");
  }

  @Test
  void aRouteTakesItsAddressesFromThePlatformAndIsDeclaredToTheScheduler() {
    cluster.create(Manifests.route(NS, "orange", 200));

    Deployment dispatch =
        await(
            () -> deployment("relais-dispatch-orange"),
            d -> d != null && env(d).containsKey("CASSANDRA_USERNAME"));
    Map<String, EnvVar> env = env(dispatch);
    assertThat(env.get("CASSANDRA_HOSTS").getValue()).isEqualTo("cass-0.db:9042,cass-1.db:9042");
    assertThat(env.get("CASSANDRA_PREFIX").getValue()).isEqualTo("acme");
    assertThat(env.get("CONTACTS_ADDRESS").getValue()).isEqualTo("relais-contacts:9091");
    assertThat(env.get("ANALYTICS_ADDRESS").getValue()).isEqualTo("relais-analytics:9094");
    assertThat(env.get("CASSANDRA_PASSWORD").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("cassandra-credentials");
    assertThat(env.get("CASSANDRA_REPLICATION").getValue())
        .isEqualTo("NetworkTopologyStrategy:dc1=3,dc2=2");
    assertThat(env.get("CASSANDRA_TLS").getValue()).isEqualTo("true");
    assertThat(env.get("CASSANDRA_TLSTRUST").getValueFrom().getConfigMapKeyRef().getKey())
        .isEqualTo("ca.crt");
    assertThat(dispatch.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/relais-dispatch:1.4.0");

    var route = await(() -> SCHEDULER.routes.get("orange"), r -> true);
    assertThat(route.getPrefixesList()).containsExactly("+33");
    assertThat(route.getShards()).isEqualTo(16);
    SmppRoute status =
        await(
            () ->
                cluster
                    .client()
                    .resources(SmppRoute.class)
                    .inNamespace(NS)
                    .withName("orange")
                    .get(),
            r -> r.getStatus() != null);
    assertThat(status.getStatus().lastError).isNull();
  }

  @Test
  void aRouteTheSchedulerDoesNotKnowIsNotReady() {
    SCHEDULER.refusedRoutes.add("blocked");
    cluster.create(Manifests.route(NS, "blocked", 100));

    SmppRoute route =
        await(
            () ->
                cluster
                    .client()
                    .resources(SmppRoute.class)
                    .inNamespace(NS)
                    .withName("blocked")
                    .get(),
            r -> r.getStatus() != null && !r.getStatus().conditions.isEmpty());
    var ready = Conditions.find(route.getStatus().conditions, "Ready").orElseThrow();
    assertThat(ready.status).isEqualTo("False");
    assertThat(ready.reason).isEqualTo(SmppRouteReconciler.NOT_REGISTERED);
    assertThat(ready.message).contains("route blocked refused");
  }

  @Test
  void aRouteRefusedWhileTheSchedulerStartsIsDeclaredWithinSecondsOfItsAccepting()
      throws InterruptedException {
    SCHEDULER.refusedRoutes.add("late");
    cluster.create(Manifests.route(NS, "late", 100));
    await(
        () -> cluster.client().resources(SmppRoute.class).inNamespace(NS).withName("late").get(),
        r ->
            r.getStatus() != null
                && Conditions.find(r.getStatus().conditions, "Ready")
                    .map(c -> SmppRouteReconciler.NOT_REGISTERED.equals(c.reason))
                    .orElse(false));
    // The route's own Deployment and Service events are reconciled by now: what declares it from
    // here on is the retry alone.
    Thread.sleep(4_000);

    SCHEDULER.refusedRoutes.remove("late");

    // Well before the route's next regular reconcile (every 15 s by default).
    var declared =
        MockCluster.await(
            () -> SCHEDULER.routes.get("late"),
            r -> true,
            SmppRouteReconciler.REGISTRATION_RETRY.multipliedBy(3));
    assertThat(declared.getShards()).isPositive();
  }

  @Test
  void aRouteWaitsForItsNamespacesPlatform() {
    cluster.create(Manifests.route("empty", "early", 50));

    SmppRoute waiting =
        await(
            () ->
                cluster
                    .client()
                    .resources(SmppRoute.class)
                    .inNamespace("empty")
                    .withName("early")
                    .get(),
            r -> r.getStatus() != null && !r.getStatus().conditions.isEmpty());
    assertThat(Conditions.find(waiting.getStatus().conditions, "Ready").orElseThrow().reason)
        .isEqualTo(SmppRouteReconciler.NO_PLATFORM);
    assertThat(deployment("empty", "relais-dispatch-early")).isNull();

    cluster.create(Manifests.platform("empty", "relais"));
    Deployment dispatch = await(() -> deployment("empty", "relais-dispatch-early"), d -> d != null);
    assertThat(dispatch.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example/relais-dispatch:1.4.0");
  }

  @Test
  void aSecondPlatformInANamespaceIsRefused() {
    await(() -> platform("relais"), p -> p.getStatus() != null);
    cluster.create(Manifests.platform(NS, "again"));

    SmsPlatform refused =
        await(
            () -> platform("again"),
            p -> p.getStatus() != null && !p.getStatus().conditions.isEmpty());
    assertThat(ready(refused).reason).isEqualTo(SmsPlatformReconciler.DUPLICATE);
    assertThat(ready(refused).message).contains("SmsPlatform relais already runs");
    assertThat(deployment("again-contacts")).isNull();
  }

  private static void assertOwnedBy(HasMetadata owned, SmsPlatform owner) {
    // The cluster's garbage collector deletes what an SmsPlatform owns when it is deleted.
    OwnerReference reference = owned.getMetadata().getOwnerReferences().get(0);
    assertThat(reference.getKind()).isEqualTo("SmsPlatform");
    assertThat(reference.getUid()).isEqualTo(owner.getMetadata().getUid());
    assertThat(reference.getController()).isTrue();
  }

  private static void markReady(String name) {
    cluster
        .client()
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName(name)
        .editStatus(d -> {
          int replicas = d.getSpec().getReplicas();
          d.setStatus(
              new DeploymentStatusBuilder()
                  .withReplicas(replicas)
                  .withReadyReplicas(replicas)
                  .withAvailableReplicas(replicas)
                  .build());
          return d;
        });
  }

  private static String configHash(Deployment deployment) {
    return deployment
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get(PlatformServicesBuilder.CONFIG_HASH);
  }

  private static SmsPlatform platform(String name) {
    return cluster.client().resources(SmsPlatform.class).inNamespace(NS).withName(name).get();
  }

  private static Deployment deployment(String name) {
    return deployment(NS, name);
  }

  private static Deployment deployment(String namespace, String name) {
    return cluster.client().apps().deployments().inNamespace(namespace).withName(name).get();
  }

  private static ConfigMap configMap(String name) {
    return cluster.client().configMaps().inNamespace(NS).withName(name).get();
  }

  private static Service service(String name) {
    return cluster.client().services().inNamespace(NS).withName(name).get();
  }

  private static Map<String, EnvVar> env(Deployment deployment) {
    return env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
  }

  private static Map<String, EnvVar> env(Container container) {
    Map<String, EnvVar> env = new HashMap<>();
    for (EnvVar var : container.getEnv()) {
      env.put(var.getName(), var);
    }
    return env;
  }

  private static dev.relais.operator.api.Condition ready(SmsPlatform platform) {
    return Conditions.find(platform.getStatus().conditions, "Ready").orElseThrow();
  }
}
