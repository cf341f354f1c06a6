package dev.relais.operator.model;

import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmppRouteSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** SmppRoutes for tests, as a user would write them. */
final class Routes {

  static final PlatformSettings PLATFORM =
      new PlatformSettings(
          "ghcr.io/relais-dev/relais-dispatch:1.2.3",
          "cassandra-0.cassandra:9042,cassandra-1.cassandra:9042",
          "acme",
          "relais-contacts:9091",
          "relais-analytics:9094",
          9093);

  private Routes() {}

  static SmppRoute orange(int maxTps) {
    SmppRoute route = new SmppRoute();
    route.setMetadata(
        new ObjectMetaBuilder()
            .withName("orange")
            .withNamespace("sms")
            .withUid("6f1c1e1e-0000-4000-8000-000000000001")
            .withGeneration(3L)
            .build());
    SmppRouteSpec spec = new SmppRouteSpec();
    spec.host = "smsc.orange.example";
    spec.port = 2776;
    spec.systemId = "acme";
    spec.passwordSecretRef = new SecretKeyRef();
    spec.passwordSecretRef.name = "orange-smpp";
    spec.passwordSecretRef.key = "password";
    spec.systemType = "CMT";
    spec.sessions = 3;
    spec.windowSize = 64;
    spec.enquireLinkSeconds = 45;
    spec.maxTps = maxTps;
    route.setSpec(spec);
    return route;
  }
}
