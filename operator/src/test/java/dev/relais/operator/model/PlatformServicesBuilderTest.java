package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import dev.relais.operator.api.TlsTrust;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlatformServicesBuilderTest {

  @Test
  void sizingBecomesReplicasRequestsAndAMemoryLimit() {
    SmsPlatform platform = platform();
    platform.getSpec().contacts = new SmsPlatformSpec.ServiceSpec();
    platform.getSpec().contacts.replicas = 3;
    platform.getSpec().contacts.cpu = "500m";
    platform.getSpec().contacts.memory = "1Gi";

    Deployment deployment = deployment(platform, RelaisService.CONTACTS);
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(container.getResources().getRequests())
        .containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("1Gi"));
    assertThat(container.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9091);
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(deployment.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot())
        .isTrue();
  }

  @Test
  void withoutCredentialsNoSecretIsReferencedAndDefaultsApply() {
    Deployment deployment = deployment(platform(), RelaisService.ANALYTICS);
    Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

    // Only what the pod tells about itself and the default sampler: no Secret, no ConfigMap key.
    assertThat(container.getEnv())
        .allMatch(e -> e.getValueFrom() == null || e.getValueFrom().getFieldRef() != null);
    assertThat(container.getImage()).isEqualTo("ghcr.io/relais-dev/relais-analytics:2.0.1");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(PlatformServicesBuilder.configMap(platform(), RelaisService.ANALYTICS).getData())
        .containsEntry("CASSANDRA_DATACENTER", "datacenter1")
        .containsEntry("CASSANDRA_PREFIX", "relais")
        .doesNotContainKey("OTEL_EXPORTER_OTLP_ENDPOINT");
  }

  @Test
  void thePrivacyKeyReachesContactsOnlyFromItsSecret() {
    SmsPlatform platform = platform();
    platform.getSpec().privacyKeySecretRef = new SecretKeyRef();
    platform.getSpec().privacyKeySecretRef.name = "contacts-privacy";
    platform.getSpec().privacyKeySecretRef.key = "privacy-key";

    Container contacts =
        deployment(platform, RelaisService.CONTACTS)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    EnvVar key =
        contacts.getEnv().stream()
            .filter(e -> e.getName().equals("PRIVACY_KEY"))
            .findFirst()
            .orElseThrow();
    assertThat(key.getValue()).isNull();
    assertThat(key.getValueFrom().getSecretKeyRef().getName()).isEqualTo("contacts-privacy");
    assertThat(key.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("privacy-key");
    assertThat(key.getValueFrom().getSecretKeyRef().getOptional()).isFalse();
    for (RelaisService other : List.of(RelaisService.SCHEDULER, RelaisService.ANALYTICS)) {
      assertThat(
              deployment(platform, other)
                  .getSpec()
                  .getTemplate()
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getEnv())
          .extracting(EnvVar::getName)
          .doesNotContain("PRIVACY_KEY");
    }
    // Without the reference, contacts runs on its development key: no variable at all.
    assertThat(
            deployment(platform(), RelaisService.CONTACTS)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("PRIVACY_KEY");
  }

  @Test
  void contactsKnowsTheSchedulerForErasuresToReachTheQueue() {
    assertThat(PlatformServicesBuilder.configMap(platform(), RelaisService.CONTACTS).getData())
        .containsEntry("SCHEDULER_ADDRESS", "main-scheduler:9092");
    assertThat(PlatformServicesBuilder.configMap(platform(), RelaisService.ANALYTICS).getData())
        .doesNotContainKey("SCHEDULER_ADDRESS");
  }

  @Test
  void analyticsKnowsContactsWithOrWithoutLinks() {
    SmsPlatform withoutLinks = platform();
    withoutLinks.getSpec().privacyKeySecretRef = new SecretKeyRef();
    withoutLinks.getSpec().privacyKeySecretRef.name = "contacts-privacy";
    withoutLinks.getSpec().privacyKeySecretRef.key = "privacy-key";
    SmsPlatform withLinks = platform();
    withLinks.getSpec().linkTrackingBaseUrl = "https://r.example.fr";

    // Orders are attributed to the marketing messages contacts recorded, link or no link.
    assertThat(PlatformServicesBuilder.configMap(withoutLinks, RelaisService.ANALYTICS).getData())
        .containsEntry("CONTACTS_ADDRESS", "main-contacts:9091")
        .doesNotContainKey("LINKS_ADDRESS");
    assertThat(PlatformServicesBuilder.configMap(withLinks, RelaisService.ANALYTICS).getData())
        .containsEntry("CONTACTS_ADDRESS", "main-contacts:9091")
        .containsEntry("LINKS_ADDRESS", "main-links:9095");
    // Contacts alone needs no pseudonym: without links analytics gets no privacy key.
    assertThat(PlatformServicesBuilder.secretEnvironment(withoutLinks, RelaisService.ANALYTICS))
        .extracting(EnvVar::getName)
        .doesNotContain("PRIVACY_KEY");
    // Contacts does not call analytics back.
    assertThat(PlatformServicesBuilder.configMap(withoutLinks, RelaisService.CONTACTS).getData())
        .doesNotContainKey("ANALYTICS_ADDRESS");
  }

  @Test
  void dispatchSettingsComeFromThePlatform() {
    PlatformSettings settings = PlatformServicesBuilder.settings(platform());

    assertThat(settings.dispatchImage()).isEqualTo("ghcr.io/relais-dev/relais-dispatch:2.0.1");
    assertThat(settings.contactsAddress()).isEqualTo("main-contacts:9091");
    assertThat(settings.analyticsAddress()).isEqualTo("main-analytics:9094");
    assertThat(settings.cassandraHosts()).isEqualTo("c1:9042");
  }

  @Test
  void withoutAReplicationAPlatformKeepsThreeCopiesInItsDatacenter() {
    SmsPlatform platform = platform();
    platform.getSpec().cassandra.datacenter = "paris";

    for (RelaisService service : PlatformServicesBuilder.running(platform)) {
      assertThat(PlatformServicesBuilder.configMap(platform, service).getData())
          .as(service.id())
          .containsEntry("CASSANDRA_REPLICATION", "NetworkTopologyStrategy:paris=3");
    }
    assertThat(
            DispatchDeploymentBuilder.env(
                Routes.orange(100), PlatformServicesBuilder.settings(platform), 100))
        .contains(new EnvVar("CASSANDRA_REPLICATION", "NetworkTopologyStrategy:paris=3", null));
  }

  @Test
  void theReplicationReachesTheServicesAsStructuredSettingNeverAsCql() {
    SmsPlatform platform = platform();
    platform.getSpec().cassandra.datacenter = "dc1";
    platform.getSpec().cassandra.replication = new SmsPlatformSpec.Replication();
    platform.getSpec().cassandra.replication.strategy = "NetworkTopologyStrategy";
    platform.getSpec().cassandra.replication.datacenters = Map.of("dc2", 2, "dc1", 3);

    assertThat(PlatformServicesBuilder.configMap(platform, RelaisService.SCHEDULER).getData())
        .containsEntry("CASSANDRA_REPLICATION", "NetworkTopologyStrategy:dc1=3,dc2=2");

    platform.getSpec().cassandra.replication = new SmsPlatformSpec.Replication();
    platform.getSpec().cassandra.replication.strategy = "SimpleStrategy";
    platform.getSpec().cassandra.replication.factor = 1;
    assertThat(PlatformServicesBuilder.configMap(platform, RelaisService.SCHEDULER).getData())
        .containsEntry("CASSANDRA_REPLICATION", "SimpleStrategy:1");
  }

  @Test
  void tlsAndItsTrustBundleReachEveryServiceTheBundleByReference() {
    SmsPlatform platform = platform();
    platform.getSpec().cassandra.tls = true;
    platform.getSpec().cassandra.tlsTrust = new TlsTrust();
    platform.getSpec().cassandra.tlsTrust.secretKeyRef = new SecretKeyRef();
    platform.getSpec().cassandra.tlsTrust.secretKeyRef.name = "cassandra-tls";
    platform.getSpec().cassandra.tlsTrust.secretKeyRef.key = "ca.crt";

    for (RelaisService service : PlatformServicesBuilder.running(platform)) {
      assertThat(PlatformServicesBuilder.configMap(platform, service).getData())
          .containsEntry("CASSANDRA_TLS", "true")
          .doesNotContainKey("CASSANDRA_TLSTRUST");
      EnvVar trust =
          deployment(platform, service)
              .getSpec()
              .getTemplate()
              .getSpec()
              .getContainers()
              .get(0)
              .getEnv()
              .stream()
              .filter(e -> e.getName().equals("CASSANDRA_TLSTRUST"))
              .findFirst()
              .orElseThrow();
      assertThat(trust.getValue()).isNull();
      assertThat(trust.getValueFrom().getSecretKeyRef().getName()).isEqualTo("cassandra-tls");
      assertThat(trust.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("ca.crt");
    }
    List<EnvVar> dispatch =
        DispatchDeploymentBuilder.env(
            Routes.orange(100), PlatformServicesBuilder.settings(platform), 100);
    assertThat(dispatch).contains(new EnvVar("CASSANDRA_TLS", "true", null));
    assertThat(dispatch)
        .filteredOn(e -> e.getName().equals("CASSANDRA_TLSTRUST"))
        .singleElement()
        .satisfies(e ->
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("cassandra-tls"));
  }

  @Test
  void withoutTlsNothingAboutItIsSet() {
    assertThat(PlatformServicesBuilder.configMap(platform(), RelaisService.CONTACTS).getData())
        .doesNotContainKeys("CASSANDRA_TLS", "CASSANDRA_TLSTRUST");
  }

  @Test
  void replicationTheServicesWouldRefuseMakesThePlatformInvalid() {
    SmsPlatform platform = platform();
    platform.getSpec().cassandra.datacenter = "dc1";
    platform.getSpec().cassandra.replication = new SmsPlatformSpec.Replication();
    platform.getSpec().cassandra.replication.strategy = "NetworkTopologyStrategy";
    platform.getSpec().cassandra.replication.datacenters = Map.of("dc2", 3, "dc'3", 1);

    assertThat(SmsPlatformValidator.problems(platform))
        .contains(
            "cassandra.replication.datacenters: \"dc'3\" is not a name",
            "cassandra.replication.datacenters must include the local datacenter dc1");

    platform.getSpec().cassandra.replication.datacenters = Map.of("dc1", 3);
    assertThat(SmsPlatformValidator.problems(platform)).isEmpty();
  }

  private static Deployment deployment(SmsPlatform platform, RelaisService service) {
    return PlatformServicesBuilder.deployment(
        platform, service, PlatformServicesBuilder.configMap(platform, service));
  }

  private static SmsPlatform platform() {
    SmsPlatform platform = new SmsPlatform();
    platform.setMetadata(
        new ObjectMetaBuilder().withName("main").withNamespace("shop").withUid("u1").build());
    SmsPlatformSpec spec = new SmsPlatformSpec();
    spec.version = "2.0.1";
    spec.cassandra = new SmsPlatformSpec.Cassandra();
    spec.cassandra.contactPoints = List.of("c1:9042");
    platform.setSpec(spec);
    return platform;
  }
}
