package dev.relais.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The process kubelet against the mock API server: a Deployment becomes real local processes with
 * the environment Kubernetes would give them, follows its replica count and template, replaces a
 * killed replica, reports its status, and its Service forwards to ready replicas.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessKubeletIT {

  private static final String NS = "shop";
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static LocalApiServer api;
  private static KubernetesClient client;
  private static ProcessKubelet kubelet;

  @BeforeAll
  static void start() {
    api = LocalApiServer.start();
    client = api.client();
    api.createNamespace(NS);
    kubelet =
        new ProcessKubelet(
                client,
                new ImageCatalog(Map.of("echo", EchoProgram.class.getName())),
                Path.of("target/kubelet-logs"),
                Map.of("EXTRA", "from-the-kubelet"),
                "64m")
            .start();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("creds")
                .withNamespace(NS)
                .endMetadata()
                .withStringData(Map.of("password", "s3cret"))
                .build())
        .create();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("echo-tls")
                .withNamespace(NS)
                .endMetadata()
                .withStringData(Map.of("tls.crt", "CERTIFICATE", "tls.key", "PRIVATE KEY"))
                .build())
        .create();
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("cfg")
                .withNamespace(NS)
                .endMetadata()
                .withData(Map.of("PEER_ADDRESS", "echo.shop.svc:8080", "MODE", "test"))
                .build())
        .create();
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("echo")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", "echo"))
                .addNewPort()
                .withPort(8080)
                .withTargetPort(new IntOrString("http"))
                .endPort()
                .endSpec()
                .build())
        .create();
    client
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("echo-public")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", "echo"))
                .addNewPort()
                .withPort(80)
                .withTargetPort(new IntOrString("public"))
                .endPort()
                .endSpec()
                .build())
        .create();
    client.resource(deployment(2, "v1")).create();
  }

  @AfterAll
  static void stop() {
    if (kubelet != null) {
      kubelet.close();
    }
    if (api != null) {
      api.close();
    }
  }

  private static Deployment deployment(int replicas, String version) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("echo")
        .withNamespace(NS)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Map.of("app", "echo"))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(Map.of("app", "echo"))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("echo")
        .withImage("ghcr.io/relais-dev/echo:" + version)
        .addNewPort()
        .withName("http")
        .withContainerPort(8080)
        .endPort()
        .addNewPort()
        .withName("public")
        .withContainerPort(9090)
        .endPort()
        .addNewEnv()
        .withName("PUBLIC_PORT")
        .withValue("9090")
        .endEnv()
        .addNewEnv()
        .withName("SERVER_HOST")
        .withValue("0.0.0.0")
        .endEnv()
        .addNewEnv()
        .withName("SERVER_PORT")
        .withValue("8080")
        .endEnv()
        .addNewEnv()
        .withName("VERSION")
        .withValue(version)
        .endEnv()
        .addNewEnv()
        .withName("PASSWORD")
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName("creds")
        .withKey("password")
        .endSecretKeyRef()
        .endValueFrom()
        .endEnv()
        .addNewEnv()
        .withName("TLS_KEY")
        .withValue("/etc/relais/tls/tls.key")
        .endEnv()
        .addNewVolumeMount()
        .withName("tls")
        .withMountPath("/etc/relais/tls")
        .withReadOnly(true)
        .endVolumeMount()
        .addNewEnvFrom()
        .withNewConfigMapRef()
        .withName("cfg")
        .endConfigMapRef()
        .endEnvFrom()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/health/ready")
        .withPort(new IntOrString("http"))
        .endHttpGet()
        .endReadinessProbe()
        .endContainer()
        .addNewVolume()
        .withName("tls")
        .withNewSecret()
        .withSecretName("echo-tls")
        .endSecret()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  @Order(1)
  void aDeploymentRunsAsReadyProcessesAndReportsItsStatus() {
    await("two ready replicas in the Deployment's status", () -> readyReplicas() == 2);

    assertThat(kubelet.processes(NS, "echo")).hasSize(2).allMatch(ChildProcess::alive);
  }

  @Test
  @Order(2)
  void processesGetTheEnvironmentKubernetesWouldGiveThroughTheServiceProxy() throws Exception {
    String service = kubelet.directory().resolve(NS, "echo", 8080).orElseThrow();

    Map<String, String> env = env(service);

    assertThat(env)
        .containsEntry("PASSWORD", "s3cret")
        .containsEntry("MODE", "test")
        .containsEntry("VERSION", "v1")
        .containsEntry("EXTRA", "from-the-kubelet")
        .containsEntry("SERVER_HOST", "127.0.0.1")
        // A Service address in the environment points at the Service's local proxy.
        .containsEntry("PEER_ADDRESS", service);
    assertThat(env.get("SERVER_PORT")).isNotEqualTo("8080");
    // Where each pod serves (what a Prometheus of the local platform scrapes).
    assertThat(kubelet.servers())
        .hasSize(2)
        .allSatisfy(server -> {
          assertThat(server.namespace()).isEqualTo(NS);
          assertThat(server.pod()).startsWith("echo-");
          assertThat(server.labels()).containsEntry("app", "echo");
        })
        .extracting(PodServer::port)
        .contains(Integer.parseInt(env.get("SERVER_PORT")));
    assertThat(kubelet.directory().rewrite(NS, "a=echo:8080,b=echo.shop.svc.cluster.local:8080"))
        .isEqualTo("a=" + service + ",b=" + service);
    // A pod naming a Service that does not exist yet waits for it; other hosts are left alone.
    ServiceDirectory directory = kubelet.directory();
    assertThat(directory.unrewritten(directory.rewrite(NS, "peer:9000"))).contains("peer:9000");
    assertThat(directory.unrewritten(directory.rewrite(NS, "db.shop.svc:9042")))
        .contains("db.shop.svc:9042");
    assertThat(
            directory.unrewritten(directory.rewrite(NS, "smpp.carrier.example:2775,127.0.0.1:1")))
        .isEmpty();
    assertThat(directory.unrewritten(directory.rewrite(NS, "echo:8080"))).isEmpty();
    // A value rewritten before its Service existed keeps the name, and stays refused once the
    // Service exists: the kubelet builds the environment again rather than start with the name.
    assertThat(directory.unrewritten("echo:8080")).contains("echo:8080");
  }

  @Test
  @Order(2)
  void aSecondListeningPortIsServedThroughItsOwnService() throws Exception {
    String service = kubelet.directory().resolve(NS, "echo-public", 80).orElseThrow();

    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + service + "/public"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("public side");
    // Each pod listens on a loopback port of its own, not on the container port every pod declares.
    assertThat(env(kubelet.directory().resolve(NS, "echo", 8080).orElseThrow()).get("PUBLIC_PORT"))
        .isNotEqualTo("9090")
        .matches("[0-9]+");
  }

  @Test
  @Order(2)
  void aSecretVolumeIsWrittenPrivatelyUnderThePodAndItsMountPathFollowsItInTheEnvironment()
      throws Exception {
    String service = kubelet.directory().resolve(NS, "echo", 8080).orElseThrow();

    Map<String, String> env = env(service);

    Path key = Path.of(env.get("TLS_KEY"));
    assertThat(key.toString()).doesNotStartWith("/etc/relais/tls").endsWith("/tls/tls.key");
    assertThat(Files.readString(key)).isEqualTo("PRIVATE KEY");
    assertThat(Files.readString(key.resolveSibling("tls.crt"))).isEqualTo("CERTIFICATE");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
        .isEqualTo("rw-------");
    assertThat(key.toAbsolutePath().toString()).contains("/" + NS + "/echo-");
  }

  @Test
  @Order(3)
  void theServiceSpreadsConnectionsOverReadyReplicas() throws Exception {
    String service = kubelet.directory().resolve(NS, "echo", 8080).orElseThrow();
    java.util.Set<String> pids = new java.util.HashSet<>();
    for (int i = 0; i < 10; i++) {
      // A new client each time: a kept-alive connection would stay on one replica.
      pids.add(env(HttpClient.newHttpClient(), service).get("PID"));
    }
    assertThat(pids).hasSize(2);
  }

  @Test
  @Order(4)
  void scalingStartsAndStopsProcesses() {
    scale(3);
    await("three ready replicas", () -> readyReplicas() == 3);
    List<ChildProcess> three = kubelet.processes(NS, "echo");
    assertThat(three).hasSize(3);

    scale(1);
    await(
        "one replica left",
        () -> readyReplicas() == 1 && kubelet.processes(NS, "echo").size() == 1);
    await("the two others stopped", () -> three.stream().filter(ChildProcess::alive).count() == 1);
  }

  @Test
  @Order(5)
  void aKilledReplicaIsReplaced() {
    ChildProcess victim = kubelet.processes(NS, "echo").get(0);
    assertThat(victim.killAndWait(Duration.ofSeconds(10))).isTrue();

    await(
        "a new replica",
        () ->
            readyReplicas() == 1
                && kubelet.processes(NS, "echo").stream()
                    .allMatch(p -> p.alive() && p.pid() != victim.pid()));
  }

  @Test
  @Order(6)
  void aNewTemplateReplacesTheReplicas() throws Exception {
    long before = kubelet.processes(NS, "echo").get(0).pid();
    client.apps().deployments().inNamespace(NS).withName("echo").edit(d -> deployment(1, "v2"));

    await(
        "the replica runs v2",
        () -> {
          try {
            return "v2"
                .equals(
                    env(kubelet.directory().resolve(NS, "echo", 8080).orElseThrow())
                        .get("VERSION"));
          } catch (IOException | RuntimeException e) {
            return false;
          }
        });
    assertThat(kubelet.processes(NS, "echo")).extracting(ChildProcess::pid).doesNotContain(before);
  }

  @Test
  @Order(7)
  void deletingTheDeploymentStopsItsProcesses() {
    List<ChildProcess> running = kubelet.processes(NS, "echo");
    client.apps().deployments().inNamespace(NS).withName("echo").delete();

    await("no process left", () -> running.stream().noneMatch(ChildProcess::alive));
    assertThat(kubelet.processes(NS, "echo")).isEmpty();
  }

  @Test
  @Order(8)
  void objectsWhoseOwnerIsGoneAreCollected() {
    var owner =
        client
            .resource(
                new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName("owner")
                    .withNamespace(NS)
                    .endMetadata()
                    .build())
            .create();
    var reference =
        new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
            .withApiVersion("v1")
            .withKind("ConfigMap")
            .withName("owner")
            .withUid(owner.getMetadata().getUid())
            .build();
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("owned")
                .withNamespace(NS)
                .withOwnerReferences(reference)
                .endMetadata()
                .build())
        .create();
    client
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata()
                .withName("owned")
                .withNamespace(NS)
                .withOwnerReferences(reference)
                .endMetadata()
                .build())
        .create();
    client
        .resource(
            new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName("owned")
                .withNamespace(NS)
                .withOwnerReferences(reference)
                .endMetadata()
                .withNewSpec()
                .withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString(1))
                .endSpec()
                .build())
        .create();
    OwnerCollector collector = new OwnerCollector(client, Duration.ofSeconds(1));

    assertThat(collector.collectOnce()).isZero();
    client.resource(owner).delete();
    assertThat(collector.collectOnce()).isEqualTo(3);
    assertThat(client.configMaps().inNamespace(NS).withName("owned").get()).isNull();
    assertThat(client.serviceAccounts().inNamespace(NS).withName("owned").get()).isNull();
    assertThat(
            client
                .resources(io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class)
                .inNamespace(NS)
                .withName("owned")
                .get())
        .isNull();
  }

  private static void scale(int replicas) {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("echo")
        .edit(d -> {
          d.getSpec().setReplicas(replicas);
          return d;
        });
  }

  private static int readyReplicas() {
    Deployment d = client.apps().deployments().inNamespace(NS).withName("echo").get();
    return d == null || d.getStatus() == null
        ? 0
        : Objects.requireNonNullElse(d.getStatus().getReadyReplicas(), 0);
  }

  private static Map<String, String> env(String address) throws IOException {
    return env(HTTP, address);
  }

  private static Map<String, String> env(HttpClient http, String address) throws IOException {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://" + address + "/env"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return EchoProgram.parse(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private static void await(String what, BooleanSupplier condition) {
    Instant giveUp = Instant.now().plus(TIMEOUT);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as(what).isBefore(giveUp);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
