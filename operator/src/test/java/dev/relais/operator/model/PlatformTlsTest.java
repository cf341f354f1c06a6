package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A platform's mutual TLS as its pods, Services and cert-manager Certificates carry it. */
class PlatformTlsTest {

  @Test
  void withTlsEveryComponentMountsItsOwnSecretReadOnlyAndIsToldWhereTheFilesAre() {
    SmsPlatform platform = platform(SmsPlatformSpec.Tls.SECRETS);
    Map<String, Deployment> deployments = deployments(platform);

    assertThat(deployments.keySet())
        .containsExactlyInAnyOrder(
            "main-contacts",
            "main-scheduler",
            "main-analytics",
            "main-links",
            "relais-dispatch-orange");
    Map<String, String> secrets =
        Map.of(
            "main-contacts", "main-contacts-tls",
            "main-scheduler", "main-scheduler-tls",
            "main-analytics", "main-analytics-tls",
            "main-links", "main-links-tls",
            "relais-dispatch-orange", "main-dispatch-tls");
    deployments.forEach((name, deployment) -> {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      Volume volume =
          pod.getVolumes().stream().filter(v -> v.getSecret() != null).findFirst().orElseThrow();
      assertThat(volume.getSecret().getSecretName()).as(name).isEqualTo(secrets.get(name));
      Container container = pod.getContainers().getFirst();
      assertThat(container.getVolumeMounts())
          .as(name)
          .anySatisfy(m -> {
            assertThat(m.getName()).isEqualTo(volume.getName());
            assertThat(m.getMountPath()).isEqualTo("/etc/relais/tls");
            assertThat(m.getReadOnly()).isTrue();
          });
      assertThat(env(container))
          .as(name)
          .containsEntry("TLS_CERT", "/etc/relais/tls/tls.crt")
          .containsEntry("TLS_KEY", "/etc/relais/tls/tls.key")
          .containsEntry("TLS_CA", "/etc/relais/tls/ca.crt");
      assertThat(probes(container))
          .as(name)
          .hasSize(3)
          .allSatisfy(p -> assertThat(p.getHttpGet().getScheme()).isEqualTo("HTTPS"));
    });
  }

  @Test
  void withoutTlsNoPodMountsACertificateOrProbesOverHttps() {
    for (SmsPlatform platform : List.of(platform(null), platform(SmsPlatformSpec.Tls.OFF))) {
      deployments(platform)
          .forEach((name, deployment) -> {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getVolumes()).as(name).noneMatch(v -> v.getSecret() != null);
            Container container = pod.getContainers().getFirst();
            assertThat(env(container)).as(name).doesNotContainKeys("TLS_CERT", "TLS_KEY", "TLS_CA");
            assertThat(probes(container))
                .as(name)
                .allSatisfy(p -> assertThat(p.getHttpGet().getScheme()).isNull());
          });
    }
  }

  @Test
  void theMetricsPortOfATlsServiceIsNamedForAnHttpsScrape() {
    SmsPlatform tls = platform(SmsPlatformSpec.Tls.SECRETS);
    SmsPlatform plain = platform(null);

    assertThat(ports(PlatformServicesBuilder.service(tls, RelaisService.CONTACTS)))
        .containsExactly("grpc", "https-metrics");
    assertThat(
            ports(
                DispatchDeploymentBuilder.service(
                    Routes.orange(100), PlatformServicesBuilder.settings(tls))))
        .containsExactly("grpc", "https-metrics");
    assertThat(ports(PlatformServicesBuilder.service(plain, RelaisService.CONTACTS)))
        .containsExactly("grpc", "metrics");
  }

  @Test
  void aCertificatePerComponentNamesItsIdentityFirstThenItsServiceAndServesBothWays() {
    SmsPlatform platform = platform(SmsPlatformSpec.Tls.CERT_MANAGER);
    platform.getSpec().tls.issuerRef = new SmsPlatformSpec.IssuerRef();
    platform.getSpec().tls.issuerRef.name = "relais-ca";
    platform.getSpec().tls.issuerRef.kind = "ClusterIssuer";

    assertThat(PlatformTls.components(platform))
        .containsExactly(
            RelaisService.CONTACTS,
            RelaisService.SCHEDULER,
            RelaisService.DISPATCH,
            RelaisService.ANALYTICS,
            RelaisService.LINKS);
    GenericKubernetesResource contacts = PlatformTls.certificate(platform, RelaisService.CONTACTS);
    assertThat(contacts.getApiVersion()).isEqualTo("cert-manager.io/v1");
    assertThat(contacts.getKind()).isEqualTo("Certificate");
    assertThat(contacts.getMetadata().getName()).isEqualTo("main-contacts-tls");
    assertThat(contacts.getMetadata().getOwnerReferences().getFirst().getName()).isEqualTo("main");
    Map<String, Object> spec = spec(contacts);
    assertThat(spec)
        .containsEntry("secretName", "main-contacts-tls")
        .containsEntry(
            "dnsNames",
            List.of(
                "relais-contacts", "main-contacts", "main-contacts.shop", "main-contacts.shop.svc"))
        .containsEntry(
            "issuerRef",
            Map.of("name", "relais-ca", "kind", "ClusterIssuer", "group", "cert-manager.io"));
    assertThat(((List<?>) spec.get("usages")).stream().map(String::valueOf).toList())
        .contains("server auth", "client auth");
    assertThat(spec.get("privateKey").toString()).contains("encoding=PKCS8");
    assertThat(spec(PlatformTls.certificate(platform, RelaisService.DISPATCH)))
        .containsEntry("secretName", "main-dispatch-tls")
        .containsEntry("dnsNames", List.of("relais-dispatch"));
  }

  @Test
  void withoutLinksNoLinksCertificateIsWanted() {
    SmsPlatform platform = platform(SmsPlatformSpec.Tls.SECRETS);
    platform.getSpec().linkTrackingBaseUrl = null;

    assertThat(PlatformTls.components(platform)).doesNotContain(RelaisService.LINKS);
  }

  @Test
  void anIssuerIsRequiredWithCertManagerAndRefusedOtherwise() {
    SmsPlatform certManager = platform(SmsPlatformSpec.Tls.CERT_MANAGER);
    SmsPlatform secrets = platform(SmsPlatformSpec.Tls.SECRETS);
    secrets.getSpec().tls.issuerRef = new SmsPlatformSpec.IssuerRef();
    secrets.getSpec().tls.issuerRef.name = "relais-ca";
    SmsPlatform unknown = platform("Always");

    assertThat(SmsPlatformValidator.problems(certManager))
        .containsExactly("tls.issuerRef is required with tls.mode CertManager");
    assertThat(SmsPlatformValidator.problems(secrets))
        .containsExactly("tls.issuerRef is only read with tls.mode CertManager");
    assertThat(SmsPlatformValidator.problems(unknown))
        .containsExactly("tls.mode must be Off, Secrets or CertManager, not \"Always\"");
    assertThat(SmsPlatformValidator.problems(platform(SmsPlatformSpec.Tls.SECRETS))).isEmpty();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource resource) {
    return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
  }

  private static List<String> ports(io.fabric8.kubernetes.api.model.Service service) {
    return service.getSpec().getPorts().stream().map(ServicePort::getName).toList();
  }

  private static Map<String, Deployment> deployments(SmsPlatform platform) {
    Map<String, Deployment> all = new java.util.LinkedHashMap<>();
    for (RelaisService service : PlatformServicesBuilder.running(platform)) {
      all.put(
          service.objectName("main"),
          PlatformServicesBuilder.deployment(
              platform, service, PlatformServicesBuilder.configMap(platform, service)));
    }
    SmppRoute route = Routes.orange(100);
    all.put(
        "relais-dispatch-orange",
        DispatchDeploymentBuilder.build(route, PlatformServicesBuilder.settings(platform)));
    return all;
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> env = new java.util.HashMap<>();
    for (EnvVar var : container.getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      }
    }
    return env;
  }

  private static List<Probe> probes(Container container) {
    return new ArrayList<>(
        Stream.of(
                container.getStartupProbe(),
                container.getReadinessProbe(),
                container.getLivenessProbe())
            .filter(p -> p != null)
            .toList());
  }

  private static SmsPlatform platform(String mode) {
    SmsPlatform platform = new SmsPlatform();
    platform.setMetadata(
        new ObjectMetaBuilder().withName("main").withNamespace("shop").withUid("u1").build());
    SmsPlatformSpec spec = new SmsPlatformSpec();
    spec.version = "2.0.1";
    spec.cassandra = new SmsPlatformSpec.Cassandra();
    spec.cassandra.contactPoints = List.of("c1:9042");
    spec.linkTrackingBaseUrl = "https://r.example.fr";
    if (mode != null) {
      spec.tls = new SmsPlatformSpec.Tls();
      spec.tls.mode = mode;
    }
    platform.setSpec(spec);
    return platform;
  }
}
