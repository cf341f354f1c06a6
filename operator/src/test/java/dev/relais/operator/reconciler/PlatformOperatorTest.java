package dev.relais.operator.reconciler;

import static dev.relais.operator.reconciler.MockCluster.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.OperatorMain;
import dev.relais.operator.OperatorSettings;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
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
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
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
    cluster = new MockCluster(NS, "other", "empty", "budgets", "links", "tls");
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
      // Telemetry: the standard variables, and the pod named through the downward API.
      assertThat(env.get("OTEL_EXPORTER_OTLP_ENDPOINT").getValue()).isEqualTo("http://otel:4318");
      assertThat(env.get("OTEL_TRACES_SAMPLER_ARG").getValue()).isEqualTo("0.5");
      assertThat(env.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
          .isEqualTo("metadata.name");
    }
    assertThat(configMap("relais-contacts").getData())
        .containsEntry("SCHEDULER_ADDRESS", "relais-scheduler:9092");
    // No links on this platform: analytics attributes orders with contacts alone.
    assertThat(configMap("relais-analytics").getData())
        .containsEntry("CONTACTS_ADDRESS", "relais-contacts:9091")
        .doesNotContainKey("LINKS_ADDRESS");
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
        .containsEntry("SERVER_PORT", "9092");
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
    // The dispatch pods run under the route's own account, with no API token.
    ServiceAccount account =
        await(
            () ->
                cluster
                    .client()
                    .serviceAccounts()
                    .inNamespace(NS)
                    .withName("relais-dispatch-orange")
                    .get(),
            a -> a != null);
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    assertThat(account.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("SmppRoute");
    assertThat(dispatch.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("relais-dispatch-orange");
  }

  @Test
  void eachServiceRunsUnderItsOwnAccountAndHasABudgetWhileItRunsSeveralReplicas() {
    cluster.create(Manifests.platform("budgets", "relais"));
    SmsPlatform created =
        await(
            () ->
                cluster
                    .client()
                    .resources(SmsPlatform.class)
                    .inNamespace("budgets")
                    .withName("relais")
                    .get(),
            p -> p != null);

    for (String service : List.of("contacts", "scheduler", "analytics")) {
      String name = "relais-" + service;
      ServiceAccount account =
          await(
              () -> cluster.client().serviceAccounts().inNamespace("budgets").withName(name).get(),
              a -> a != null);
      assertOwnedBy(account, created);
      assertThat(account.getAutomountServiceAccountToken()).isFalse();
      Deployment deployment = await(() -> deployment("budgets", name), d -> d != null);
      assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName())
          .isEqualTo(name);
    }
    // The scheduler runs two replicas: a drain may take only one at a time.
    PodDisruptionBudget budget = await(() -> budget("relais-scheduler"), b -> b != null);
    assertOwnedBy(budget, created);
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget("relais-contacts")).isNull();

    MockCluster.edit(() ->
        cluster
            .client()
            .resources(SmsPlatform.class)
            .inNamespace("budgets")
            .withName("relais")
            .edit(p -> {
              p.getSpec().scheduler.replicas = 1;
              return p;
            }));

    // One replica left: a budget would block every drain of its node, so it goes.
    assertThat(await(() -> budget("relais-scheduler") == null, gone -> gone)).isTrue();
    assertThat(deployment("budgets", "relais-scheduler").getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void aPlatformThatTracksLinksRunsLinksAndEveryComponentIsFencedByItsPolicy() {
    SmsPlatform manifest = Manifests.platform("links", "relais");
    manifest.getSpec().linkTrackingBaseUrl = "https://r.example.fr";
    manifest.getSpec().networkPolicies = new SmsPlatformSpec.NetworkPolicies();
    manifest.getSpec().networkPolicies.metricsNamespaces = List.of("monitoring");
    cluster.create(manifest);
    var client = cluster.client();

    Deployment links =
        await(
            () -> client.apps().deployments().inNamespace("links").withName("relais-links").get(),
            d -> d != null);
    SmsPlatform created =
        client.resources(SmsPlatform.class).inNamespace("links").withName("relais").get();
    assertOwnedBy(links, created);
    Container container = links.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getImage()).isEqualTo("registry.example/relais-links:1.4.0");
    assertThat(container.getPorts()).extracting("name").containsExactly("grpc", "http-redirect");
    assertThat(links.getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("relais-links");
    assertThat(client.configMaps().inNamespace("links").withName("relais-links").get().getData())
        .containsEntry("LINKS_BASEURL", "https://r.example.fr")
        .containsEntry("LINKS_PORT", "8080");
    for (String caller : List.of("relais-scheduler", "relais-contacts", "relais-analytics")) {
      ConfigMap config =
          await(
              () -> client.configMaps().inNamespace("links").withName(caller).get(),
              c -> c != null);
      assertThat(config.getData()).containsEntry("LINKS_ADDRESS", "relais-links:9095");
    }
    Service grpc = client.services().inNamespace("links").withName("relais-links").get();
    assertThat(grpc.getSpec().getPorts()).extracting("name").containsExactly("grpc", "metrics");
    Service redirects =
        await(
            () -> client.services().inNamespace("links").withName("relais-links-redirect").get(),
            r -> r != null);
    assertOwnedBy(redirects, created);
    assertThat(redirects.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
    assertThat(redirects.getSpec().getSelector())
        .isEqualTo(links.getSpec().getSelector().getMatchLabels());

    List<String> components = List.of("contacts", "scheduler", "analytics", "links", "dispatch");
    for (String component : components) {
      NetworkPolicy policy = await(() -> policy("relais-" + component), p -> p != null);
      assertOwnedBy(policy, created);
      assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    }
    assertThat(policy("relais-links").getSpec().getIngress())
        .anySatisfy(rule -> {
          assertThat(rule.getFrom()).isNullOrEmpty();
          assertThat(rule.getPorts().get(0).getPort().getIntVal()).isEqualTo(8080);
        });
    assertThat(
            await(
                    () ->
                        client
                            .resources(SmsPlatform.class)
                            .inNamespace("links")
                            .withName("relais")
                            .get(),
                    p -> p.getStatus() != null && p.getStatus().services.containsKey("links"))
                .getStatus()
                .services)
        .containsEntry("links", "0/1");

    MockCluster.edit(() ->
        client
            .resources(SmsPlatform.class)
            .inNamespace("links")
            .withName("relais")
            .edit(p -> {
              p.getSpec().linkTrackingBaseUrl = null;
              p.getSpec().networkPolicies.enabled = false;
              return p;
            }));

    // No base URL: links goes, and no service is left with an address that answers nothing.
    await(
        () ->
            client.apps().deployments().inNamespace("links").withName("relais-links").get() == null,
        gone -> gone);
    await(
        () -> client.configMaps().inNamespace("links").withName("relais-scheduler").get().getData(),
        data -> !data.containsKey("LINKS_ADDRESS"));
    for (String name : List.of("relais-links-redirect", "relais-links")) {
      await(
          () -> client.services().inNamespace("links").withName(name).get() == null, gone -> gone);
    }
    await(
        () -> client.configMaps().inNamespace("links").withName("relais-links").get() == null,
        gone -> gone);
    assertThat(client.configMaps().inNamespace("links").withName("relais-contacts").get().getData())
        .doesNotContainKey("LINKS_ADDRESS");
    // Analytics keeps attributing orders, with contacts alone.
    assertThat(
            await(
                () ->
                    client
                        .configMaps()
                        .inNamespace("links")
                        .withName("relais-analytics")
                        .get()
                        .getData(),
                data -> !data.containsKey("LINKS_ADDRESS")))
        .containsEntry("CONTACTS_ADDRESS", "relais-contacts:9091");
    // Policies off: the operator deletes the ones it made.
    for (String component : components) {
      await(() -> policy("relais-" + component) == null, gone -> gone);
    }
    assertThat(
            await(
                    () ->
                        client
                            .resources(SmsPlatform.class)
                            .inNamespace("links")
                            .withName("relais")
                            .get(),
                    p -> !p.getStatus().services.containsKey("links"))
                .getStatus()
                .services)
        .containsOnlyKeys("contacts", "scheduler", "analytics");
  }

  private static NetworkPolicy policy(String name) {
    return cluster.client().network().networkPolicies().inNamespace("links").withName(name).get();
  }

  private static PodDisruptionBudget budget(String name) {
    return cluster
        .client()
        .resources(PodDisruptionBudget.class)
        .inNamespace("budgets")
        .withName(name)
        .get();
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

  @Test
  void aPlatformWithCertManagerGetsACertificatePerComponentAndSaysTheOperatorHasNone() {
    SmsPlatform declared = Manifests.platform("tls", "secure");
    declared.getSpec().tls = new SmsPlatformSpec.Tls();
    declared.getSpec().tls.mode = SmsPlatformSpec.Tls.CERT_MANAGER;
    declared.getSpec().tls.issuerRef = new SmsPlatformSpec.IssuerRef();
    declared.getSpec().tls.issuerRef.name = "relais-ca";
    cluster.create(declared);
    var certificates =
        cluster
            .client()
            .genericKubernetesResources(PlatformCertificates.CERTIFICATES)
            .inNamespace("tls");

    List<String> names =
        await(() -> certificates.list().getItems(), items -> items.size() == 4).stream()
            .map(c -> c.getMetadata().getName())
            .toList();
    assertThat(names)
        .containsExactlyInAnyOrder(
            "secure-contacts-tls",
            "secure-scheduler-tls",
            "secure-dispatch-tls",
            "secure-analytics-tls");
    Deployment contacts = await(() -> deployment("tls", "secure-contacts"), d -> d != null);
    assertThat(
            contacts.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null)
                .toList())
        .anySatisfy(
            v -> assertThat(v.getSecret().getSecretName()).isEqualTo("secure-contacts-tls"));
    SmsPlatform reported =
        await(
            () ->
                cluster
                    .client()
                    .resources(SmsPlatform.class)
                    .inNamespace("tls")
                    .withName("secure")
                    .get(),
            p -> p.getStatus() != null && !p.getStatus().conditions.isEmpty());
    assertThat(ready(reported).status).isEqualTo("False");
    assertThat(ready(reported).reason)
        .isEqualTo(SmsPlatformReconciler.OPERATOR_WITHOUT_CERTIFICATE);
    assertThat(ready(reported).message).contains("tls.secretName");

    cluster
        .client()
        .resources(SmsPlatform.class)
        .inNamespace("tls")
        .withName("secure")
        .edit(p -> {
          p.getSpec().tls.mode = SmsPlatformSpec.Tls.SECRETS;
          p.getSpec().tls.issuerRef = null;
          return p;
        });

    await(() -> certificates.list().getItems(), List::isEmpty);
    assertThat(
            deployment("tls", "secure-contacts")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getVolumes()
                .stream()
                .filter(v -> v.getSecret() != null)
                .toList())
        .anySatisfy(
            v -> assertThat(v.getSecret().getSecretName()).isEqualTo("secure-contacts-tls"));
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
