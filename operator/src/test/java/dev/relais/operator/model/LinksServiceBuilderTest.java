package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The links service as the operator runs it: only with a base URL, reachable where it should be.
 */
class LinksServiceBuilderTest {

  @Test
  void withABaseUrlTheLinksServiceRunsWithItAndTheSchedulerAndContactsKnowItsAddress() {
    SmsPlatform platform = platform("https://r.example.fr");

    assertThat(PlatformServicesBuilder.running(platform))
        .containsExactly(
            RelaisService.CONTACTS,
            RelaisService.SCHEDULER,
            RelaisService.ANALYTICS,
            RelaisService.LINKS);
    assertThat(PlatformServicesBuilder.configMap(platform, RelaisService.LINKS).getData())
        .containsEntry("LINKS_BASEURL", "https://r.example.fr")
        .containsEntry("LINKS_PORT", "8080")
        .as("receipts tell prefetches from people")
        .containsEntry("ANALYTICS_ADDRESS", "main-analytics:9094")
        .containsEntry("SERVER_PORT", "9095")
        .containsEntry("SERVER_HOST", "0.0.0.0")
        .containsEntry("CASSANDRA_PREFIX", "relais");
    for (RelaisService caller :
        List.of(RelaisService.SCHEDULER, RelaisService.CONTACTS, RelaisService.ANALYTICS)) {
      assertThat(PlatformServicesBuilder.configMap(platform, caller).getData())
          .as("%s config", caller.id())
          .containsEntry("LINKS_ADDRESS", "main-links:9095")
          // Only links builds links on the base URL: no other service reads it.
          .doesNotContainKey("LINKS_BASEURL");
    }
  }

  @Test
  void withLinksTheSchedulerAndAnalyticsReadThePrivacyKeyContactsErasesBy() {
    SmsPlatform withLinks = platform("https://r.example.fr");
    SmsPlatform without = platform(null);
    for (SmsPlatform platform : List.of(withLinks, without)) {
      platform.getSpec().privacyKeySecretRef = new SecretKeyRef();
      platform.getSpec().privacyKeySecretRef.name = "contacts-privacy";
      platform.getSpec().privacyKeySecretRef.key = "privacy-key";
    }

    assertThat(privacyKeyOf(withLinks, RelaisService.SCHEDULER))
        .isEqualTo(privacyKeyOf(withLinks, RelaisService.CONTACTS))
        .as("analytics attributes orders under the same keyed hash")
        .isEqualTo(privacyKeyOf(withLinks, RelaisService.ANALYTICS))
        .isEqualTo("contacts-privacy/privacy-key");
    assertThat(privacyKeyOf(without, RelaisService.SCHEDULER)).as("no links, no key").isNull();
    assertThat(privacyKeyOf(without, RelaisService.ANALYTICS)).as("no links, no key").isNull();
  }

  /** The Secret name/key a service's PRIVACY_KEY comes from, null without one. */
  private static String privacyKeyOf(SmsPlatform platform, RelaisService service) {
    return PlatformServicesBuilder.secretEnvironment(platform, service).stream()
        .filter(e -> e.getName().equals("PRIVACY_KEY"))
        .map(e ->
            e.getValueFrom().getSecretKeyRef().getName()
                + "/"
                + e.getValueFrom().getSecretKeyRef().getKey())
        .findFirst()
        .orElse(null);
  }

  @Test
  void withoutABaseUrlNoLinksServiceRunsAndNoServiceIsGivenAnAddress() {
    SmsPlatform platform = platform(null);

    assertThat(PlatformServicesBuilder.running(platform))
        .containsExactly(RelaisService.CONTACTS, RelaisService.SCHEDULER, RelaisService.ANALYTICS);
    for (RelaisService service : PlatformServicesBuilder.running(platform)) {
      assertThat(PlatformServicesBuilder.configMap(platform, service).getData())
          .doesNotContainKeys("LINKS_ADDRESS", "LINKS_BASEURL");
    }
    assertThat(LinksRedirect.enabled(platform(" "))).isFalse();
  }

  @Test
  void aggregateOnlyTrackingReachesTheLinksServiceAndNoOtherOne() {
    SmsPlatform platform = platform("https://r.example.fr");
    assertThat(PlatformServicesBuilder.configMap(platform, RelaisService.LINKS).getData())
        .as("per-link tracking unless asked")
        .doesNotContainKey("LINKS_AGGREGATEONLY");

    platform.getSpec().links = new SmsPlatformSpec.LinksSpec();
    platform.getSpec().links.aggregateOnly = true;

    assertThat(PlatformServicesBuilder.configMap(platform, RelaisService.LINKS).getData())
        .containsEntry("LINKS_AGGREGATEONLY", "true");
    for (RelaisService other :
        List.of(RelaisService.SCHEDULER, RelaisService.CONTACTS, RelaisService.ANALYTICS)) {
      assertThat(PlatformServicesBuilder.configMap(platform, other).getData())
          .as("%s config", other.id())
          .doesNotContainKey("LINKS_AGGREGATEONLY");
    }
  }

  @Test
  void theLinksPodServesGrpcAndRedirectsAndIsSizedLikeTheOthers() {
    SmsPlatform platform = platform("https://r.example.fr");
    platform.getSpec().links = new SmsPlatformSpec.LinksSpec();
    platform.getSpec().links.replicas = 3;
    platform.getSpec().links.memory = "1Gi";

    Deployment deployment =
        PlatformServicesBuilder.deployment(
            platform,
            RelaisService.LINKS,
            PlatformServicesBuilder.configMap(platform, RelaisService.LINKS));
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(deployment.getMetadata().getName()).isEqualTo("main-links");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(container.getImage()).isEqualTo("ghcr.io/relais-dev/relais-links:2.0.1");
    assertThat(container.getPorts())
        .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("grpc", 9095),
            org.assertj.core.groups.Tuple.tuple("http-redirect", 8080));
    assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
    assertThat(container.getResources().getRequests()).containsEntry("cpu", new Quantity("250m"));
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9095);
    assertThat(container.getEnvFrom().get(0).getConfigMapRef().getName()).isEqualTo("main-links");
    assertThat(container.getEnv())
        .extracting(EnvVar::getName)
        .contains("POD_NAME", "POD_NAMESPACE", "OTEL_RESOURCE_ATTRIBUTES");
    assertThat(PodHardening.serviceAccount(deployment).getMetadata().getName())
        .isEqualTo("main-links");
    assertThat(PodHardening.disruptionBudget(deployment)).isPresent();
  }

  @Test
  void grpcStaysInternalAndTheRedirectsHaveTheirOwnServiceForAnIngress() {
    SmsPlatform platform = platform("https://r.example.fr");

    Service grpc = PlatformServicesBuilder.service(platform, RelaisService.LINKS);
    Service redirects = LinksRedirect.service(platform);

    assertThat(grpc.getMetadata().getName()).isEqualTo("main-links");
    assertThat(grpc.getSpec().getPorts())
        .extracting(ServicePort::getName)
        .containsExactly("grpc", "metrics");
    assertThat(redirects.getMetadata().getName()).isEqualTo("main-links-redirect");
    assertThat(redirects.getSpec().getPorts()).hasSize(1);
    ServicePort port = redirects.getSpec().getPorts().get(0);
    assertThat(port.getPort()).isEqualTo(80);
    assertThat(port.getTargetPort().getStrVal()).isEqualTo("http-redirect");
    assertThat(redirects.getSpec().getSelector()).isEqualTo(grpc.getSpec().getSelector());
    assertThat(redirects.getMetadata().getOwnerReferences()).isNotEmpty();
  }

  @Test
  void everyServicePrometheusScrapesHasAPortNamedMetricsLeadingToItsGrpcPort() {
    SmsPlatform platform = platform("https://r.example.fr");
    List<Service> services = new java.util.ArrayList<>();
    for (RelaisService service : PlatformServicesBuilder.running(platform)) {
      services.add(PlatformServicesBuilder.service(platform, service));
    }
    services.add(DispatchDeploymentBuilder.service(Routes.orange(10), Routes.PLATFORM));

    for (Service service : services) {
      ServicePort metrics =
          service.getSpec().getPorts().stream()
              .filter(p -> p.getName().equals("metrics"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(service.getMetadata().getName()));
      ServicePort grpc =
          service.getSpec().getPorts().stream()
              .filter(p -> p.getName().equals("grpc"))
              .findFirst()
              .orElseThrow();
      // Two entries of one Service need distinct numbers; both lead to the pods' gRPC port.
      assertThat(metrics.getPort()).isNotEqualTo(grpc.getPort()).isEqualTo(9464);
      assertThat(metrics.getTargetPort()).isEqualTo(grpc.getTargetPort());
      assertThat(service.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/part-of", "relais");
    }
  }

  private static SmsPlatform platform(String linkTrackingBaseUrl) {
    SmsPlatform platform = new SmsPlatform();
    platform.setMetadata(
        new ObjectMetaBuilder().withName("main").withNamespace("shop").withUid("u1").build());
    SmsPlatformSpec spec = new SmsPlatformSpec();
    spec.version = "2.0.1";
    spec.cassandra = new SmsPlatformSpec.Cassandra();
    spec.cassandra.contactPoints = List.of("c1:9042");
    spec.linkTrackingBaseUrl = linkTrackingBaseUrl;
    platform.setSpec(spec);
    return platform;
  }
}
