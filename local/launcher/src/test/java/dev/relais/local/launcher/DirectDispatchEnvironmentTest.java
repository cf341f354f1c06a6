package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.TlsTrust;
import dev.relais.operator.model.DispatchDeploymentBuilder;
import dev.relais.operator.model.PlatformSettings;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The direct mode starts dispatch with the environment the operator's Deployment gives it. */
class DirectDispatchEnvironmentTest {

  private static final PlatformSettings PLATFORM =
      new PlatformSettings(
          "relais/dispatch:test",
          "cassandra:9042",
          "relais",
          "contacts:9091",
          "analytics:9094",
          9093);

  private SmppRoute route;
  private String password;
  private final PrintStream log =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  @BeforeEach
  void loadTheQuickstartRoute() throws IOException {
    Manifests manifests = Manifests.load(Path.of("../../examples/quickstart"));
    route = manifests.routes().get(0);
    password =
        manifests.secretValue(
            route.getMetadata().getNamespace(), route.getSpec().passwordSecretRef);
  }

  /** DISPATCH_* and SMPP_* of the route's Deployment at {@code replicas}, the Secret resolved. */
  private Map<String, String> deployed(int replicas) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar v :
        DispatchDeploymentBuilder.build(route, PLATFORM, replicas)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getEnv()) {
      if (v.getName().startsWith("SMPP_") || v.getName().startsWith("DISPATCH_")) {
        env.put(v.getName(), v.getValueFrom() == null ? v.getValue() : password);
      }
    }
    return env;
  }

  @Test
  void aRouteWithItsOwnSmscGetsExactlyTheDeploymentsEnvironment() {
    route.getMetadata().setAnnotations(Map.of(LocalSmsc.ANNOTATION, LocalSmsc.EXTERNAL));
    route.getSpec().maxTps = 100;
    route.getSpec().enquireLinkSeconds = 90;
    route.getSpec().systemType = null;
    route.getSpec().failoverRoute = "backup-fr";
    route.getSpec().tls = true;

    try (LocalSmsc smsc = LocalSmsc.forRoute(route, password, b -> {}, log)) {
      Map<String, String> direct = DirectDispatchEnvironment.of(route, password, smsc, 3);

      assertThat(direct).isEqualTo(deployed(3));
      assertThat(direct)
          .containsEntry("DISPATCH_TPS", "33")
          .containsEntry("DISPATCH_FAILOVER", "backup-fr")
          .containsEntry("SMPP_TLS", "true")
          .containsEntry("SMPP_PASSWORD", password);
    }
  }

  @Test
  void withTheSimulatorOnlyTheSmscAddressDiffers() {
    try (LocalSmsc smsc = LocalSmsc.forRoute(route, password, b -> {}, log)) {
      Map<String, String> expected = deployed(1);
      expected.put("SMPP_HOST", "127.0.0.1");
      expected.put("SMPP_PORT", Integer.toString(smsc.simulator().orElseThrow().port()));

      assertThat(DirectDispatchEnvironment.of(route, password, smsc, 1)).isEqualTo(expected);
    }
  }

  @Test
  void aTrustBundleFromAConfigMapIsRefusedNotDropped() {
    route.getMetadata().setAnnotations(Map.of(LocalSmsc.ANNOTATION, LocalSmsc.EXTERNAL));
    route.getSpec().tls = true;
    route.getSpec().tlsTrust = new TlsTrust();
    route.getSpec().tlsTrust.configMapKeyRef = new TlsTrust.ConfigMapKey();
    route.getSpec().tlsTrust.configMapKeyRef.name = "carrier-ca";
    route.getSpec().tlsTrust.configMapKeyRef.key = "ca.pem";

    try (LocalSmsc smsc = LocalSmsc.forRoute(route, password, b -> {}, log)) {
      assertThatThrownBy(() -> DirectDispatchEnvironment.of(route, password, smsc, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("SMPP_TLSTRUST")
          .hasMessageContaining(route.getMetadata().getName());
    }
  }
}
