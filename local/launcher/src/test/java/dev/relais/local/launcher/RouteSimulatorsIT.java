package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.local.kube.LocalApiServer;
import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmppRouteSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routes applied to a running local API server get their SMSC as they come, through {@link
 * RouteSimulators}: the local mock API server, real SMSC simulators on loopback.
 */
class RouteSimulatorsIT {

  private static final String NS = "relais-demo";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private LocalApiServer api;
  private KubernetesClient client;
  private RouteSimulators simulators;

  @BeforeEach
  void startTheApiServer() {
    api = LocalApiServer.start();
    client = api.client();
    LocalCluster.installCrds(client);
    api.createNamespace(NS);
    simulators =
        new RouteSimulators(client, new PrintStream(console, true, StandardCharsets.UTF_8)).start();
  }

  @AfterEach
  void stop() {
    simulators.close();
    api.close();
  }

  @Test
  void aRouteAppliedGetsASimulatorOnItsPortThatStopsWhenTheRouteIsDeleted() throws Exception {
    int port = freePort();
    client.resource(secret("carrier", "s3cret")).create();
    client.resource(route("orange", port, null)).create();

    await("a simulator on the route's port", () -> accepts(port));
    LocalSmsc smsc = simulators.smscs().get(NS + "/orange");
    assertThat(smsc.port()).isEqualTo(port);
    assertThat(smsc.simulator().orElseThrow().config().accounts())
        .isEqualTo(Map.of("relais", "s3cret"));
    assertThat(
            client
                .resources(SmppRoute.class)
                .inNamespace(NS)
                .withName("orange")
                .get()
                .getSpec()
                .port)
        .isEqualTo(port);

    client.resources(SmppRoute.class).inNamespace(NS).withName("orange").delete();

    // The line is printed once the simulator has stopped: wait for what the user reads.
    await(
        "the simulator's stop reported",
        () -> said().contains("Route " + NS + "/orange deleted: its SMSC simulator stopped"));
    assertThat(accepts(port)).isFalse();
    assertThat(simulators.smscs()).isEmpty();
  }

  @Test
  void aRouteWhosePortIsTakenIsPointedAtItsSimulator() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      client.resource(secret("carrier", "s3cret")).create();
      client.resource(route("orange", taken.getLocalPort(), null)).create();

      await(
          "the route pointed elsewhere",
          () ->
              client
                      .resources(SmppRoute.class)
                      .inNamespace(NS)
                      .withName("orange")
                      .get()
                      .getSpec()
                      .port
                  != taken.getLocalPort());
      LocalSmsc smsc = simulators.smscs().get(NS + "/orange");
      // The line follows the route's edit: wait for it rather than assume it is already there.
      await(
          "the pointing reported",
          () ->
              said()
                  .contains(
                      "Route " + NS + "/orange: pointed at its simulator on " + smsc.address()));
      SmppRoute pointed =
          client.resources(SmppRoute.class).inNamespace(NS).withName("orange").get();
      assertThat(pointed.getSpec().host + ":" + pointed.getSpec().port).isEqualTo(smsc.address());
      assertThat(accepts(pointed.getSpec().port)).isTrue();
    }
  }

  @Test
  void anExternalRouteKeepsItsOwnSmscAndGetsNoSimulator() throws Exception {
    int port = freePort();
    client.resource(route("carrier-test", port, LocalSmsc.EXTERNAL)).create();

    await("the route's SMSC known", () -> simulators.smscs().containsKey(NS + "/carrier-test"));
    assertThat(simulators.smscs().get(NS + "/carrier-test").simulator()).isEmpty();
    assertThat(accepts(port)).isFalse();
    assertThat(said()).contains("no simulator started");
  }

  @Test
  void aRouteWhoseSecretComesLaterGetsItsSimulatorThen() throws Exception {
    int port = freePort();
    client.resource(route("orange", port, null)).create();
    await("the missing Secret reported", () -> simulators.problems().containsKey(NS + "/orange"));
    assertThat(simulators.problems().get(NS + "/orange")).contains("waiting for Secret carrier");
    assertThat(accepts(port)).isFalse();

    client.resource(secret("carrier", "s3cret")).create();

    await("a simulator once the Secret exists", () -> accepts(port));
    assertThat(simulators.problems()).isEmpty();
  }

  private String said() {
    return console.toString(StandardCharsets.UTF_8);
  }

  private static Secret secret(String name, String password) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .addToStringData("password", password)
        .build();
  }

  private static SmppRoute route(String name, int port, String annotation) {
    SmppRoute route = new SmppRoute();
    route.setMetadata(
        new ObjectMetaBuilder()
            .withName(name)
            .withNamespace(NS)
            .withAnnotations(
                annotation == null ? Map.of() : Map.of(LocalSmsc.ANNOTATION, annotation))
            .build());
    route.setSpec(new SmppRouteSpec());
    route.getSpec().host = "127.0.0.1";
    route.getSpec().port = port;
    route.getSpec().systemId = "relais";
    route.getSpec().passwordSecretRef = new SecretKeyRef();
    route.getSpec().passwordSecretRef.name = "carrier";
    route.getSpec().passwordSecretRef.key = "password";
    return route;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant giveUp = Instant.now().plus(TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError(what + ": not within " + TIMEOUT + "; said:\n" + said());
      }
      Thread.sleep(100);
    }
  }
}
