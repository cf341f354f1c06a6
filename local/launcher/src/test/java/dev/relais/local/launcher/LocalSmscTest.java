package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.operator.api.SmppRoute;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which SMSC a route binds to on this machine, and what the launcher says about it. */
class LocalSmscTest {

  private SmppRoute route;
  private String password;
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(console, true, StandardCharsets.UTF_8);

  @BeforeEach
  void loadTheQuickstartRoute() throws IOException {
    Manifests manifests = Manifests.load(Path.of("../../examples/quickstart"));
    route = manifests.routes().get(0);
    password =
        manifests.secretValue(
            route.getMetadata().getNamespace(), route.getSpec().passwordSecretRef);
  }

  private String said() {
    return console.toString(StandardCharsets.UTF_8);
  }

  @Test
  void byDefaultASimulatorReplacesTheRoutesSmscAndTheLauncherSaysWhereOnce() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      route.getSpec().host = "smsc.carrier.example";
      route.getSpec().port = taken.getLocalPort();

      try (LocalSmsc smsc = LocalSmsc.forRoute(route, password, b -> {}, log)) {
        int port = smsc.simulator().orElseThrow().port();
        assertThat(port).isNotEqualTo(taken.getLocalPort());
        assertThat(smsc.address()).isEqualTo("127.0.0.1:" + port);
        assertThat(said().lines()).hasSize(1);
        assertThat(said())
            .containsOnlyOnce("smsc.carrier.example:" + taken.getLocalPort())
            .contains("replaced by the local SMSC simulator on 127.0.0.1:" + port)
            .contains(LocalSmsc.ANNOTATION + ": " + LocalSmsc.EXTERNAL);
      }
    }
  }

  @Test
  void aRouteAnnotatedExternalKeepsItsHostAndPortAndGetsNoSimulator() {
    route.getMetadata().setAnnotations(Map.of(LocalSmsc.ANNOTATION, " external "));
    route.getSpec().host = "localhost";
    route.getSpec().port = 12775;

    try (LocalSmsc smsc = LocalSmsc.forRoute(route, password, b -> {}, log)) {
      assertThat(smsc.simulator()).isEmpty();
      assertThat(smsc.address()).isEqualTo("localhost:12775");
      assertThat(said()).contains("own SMSC at localhost:12775").contains("no simulator started");
    }
  }

  @Test
  void anAnnotationNamingNeitherIsRefusedWithTheValuesItTakes() {
    route.getMetadata().setAnnotations(Map.of(LocalSmsc.ANNOTATION, "extrenal"));

    assertThatThrownBy(() -> LocalSmsc.forRoute(route, password, b -> {}, log))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'extrenal'")
        .hasMessageContaining("'simulator'")
        .hasMessageContaining("'external'");
  }
}
