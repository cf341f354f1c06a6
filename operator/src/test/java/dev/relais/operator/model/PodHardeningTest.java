package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.PodResources;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmppRouteSpec;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import dev.relais.operator.podsecurity.RestrictedPodSecurity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every pod the operator builds is admitted by a namespace enforcing Pod Security "restricted". */
class PodHardeningTest {

  @Test
  void everyDeploymentOfAPlatformAndARouteIsAdmittedByARestrictedNamespace() {
    List<String> problems = new ArrayList<>();
    for (Deployment deployment : everyDeployment()) {
      problems.addAll(
          RestrictedPodSecurity.violations(
              deployment.getMetadata().getName(), deployment.getSpec().getTemplate()));
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void everyContainerHasAReadOnlyRootAWritableTmpAndBoundedResources() {
    for (Deployment deployment : everyDeployment()) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      for (Container container : pod.getContainers()) {
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKey("memory");
        assertThat(container.getVolumeMounts())
            .anySatisfy(mount -> {
              assertThat(mount.getMountPath()).isEqualTo("/tmp");
              Volume volume =
                  pod.getVolumes().stream()
                      .filter(v -> v.getName().equals(mount.getName()))
                      .findFirst()
                      .orElseThrow();
              assertThat(volume.getEmptyDir()).isNotNull();
            });
      }
    }
  }

  @Test
  void unsetResourcesTakeTheDefaultsAndSetOnesOverrideThem() {
    Container platformDefault = container(platformDeployment(platform(), RelaisService.SCHEDULER));
    Container routeDefault =
        container(DispatchDeploymentBuilder.build(Routes.orange(10), Routes.PLATFORM));
    SmppRoute sized = Routes.orange(10);
    sized.getSpec().resources = new PodResources();
    sized.getSpec().resources.cpu = "1";
    sized.getSpec().resources.memory = "768Mi";
    Container routeSized = container(DispatchDeploymentBuilder.build(sized, Routes.PLATFORM));

    for (Container container : List.of(platformDefault, routeDefault)) {
      assertThat(container.getResources().getRequests())
          .containsEntry("cpu", new Quantity("250m"))
          .containsEntry("memory", new Quantity("512Mi"));
      assertThat(container.getResources().getLimits())
          .containsEntry("memory", new Quantity("512Mi"));
    }
    assertThat(routeSized.getResources().getRequests())
        .containsEntry("cpu", new Quantity("1"))
        .containsEntry("memory", new Quantity("768Mi"));
    assertThat(routeSized.getResources().getLimits())
        .containsEntry("memory", new Quantity("768Mi"))
        .doesNotContainKey("cpu");
  }

  @Test
  void podsRunAsTheirOwnServiceAccountWithoutAToken() {
    for (Deployment deployment : everyDeployment()) {
      PodSpec pod = deployment.getSpec().getTemplate().getSpec();
      var account = PodHardening.serviceAccount(deployment);

      assertThat(pod.getServiceAccountName()).isEqualTo(account.getMetadata().getName());
      assertThat(pod.getAutomountServiceAccountToken()).isFalse();
      assertThat(account.getAutomountServiceAccountToken()).isFalse();
      assertThat(account.getMetadata().getNamespace())
          .isEqualTo(deployment.getMetadata().getNamespace());
      assertThat(account.getMetadata().getOwnerReferences())
          .isEqualTo(deployment.getMetadata().getOwnerReferences())
          .isNotEmpty();
    }
  }

  @Test
  void replicasSpreadOverZonesAndNodesWithoutBlockingScheduling() {
    for (Deployment deployment : everyDeployment()) {
      List<TopologySpreadConstraint> spread =
          deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints();

      assertThat(spread)
          .extracting(TopologySpreadConstraint::getTopologyKey)
          .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
      assertThat(spread)
          .allSatisfy(c -> {
            assertThat(c.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
            assertThat(c.getLabelSelector().getMatchLabels())
                .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
          });
    }
  }

  @Test
  void aDisruptionBudgetExistsOnlyForMoreThanOneReplica() {
    SmsPlatform platform = platform();
    platform.getSpec().contacts = new SmsPlatformSpec.ServiceSpec();
    platform.getSpec().contacts.replicas = 3;
    Deployment three = platformDeployment(platform, RelaisService.CONTACTS);
    Deployment one = platformDeployment(platform, RelaisService.ANALYTICS);
    Deployment dispatchTwo = DispatchDeploymentBuilder.build(Routes.orange(10), Routes.PLATFORM, 2);
    Deployment dispatchOne = DispatchDeploymentBuilder.build(Routes.orange(10), Routes.PLATFORM, 1);

    PodDisruptionBudget budget = PodHardening.disruptionBudget(three).orElseThrow();
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(budget.getSpec().getSelector().getMatchLabels())
        .isEqualTo(three.getSpec().getSelector().getMatchLabels());
    assertThat(budget.getMetadata().getOwnerReferences()).isNotEmpty();
    assertThat(PodHardening.disruptionBudget(dispatchTwo)).isPresent();
    assertThat(PodHardening.disruptionBudget(one)).isEmpty();
    assertThat(PodHardening.disruptionBudget(dispatchOne)).isEmpty();
  }

  /** The Deployments of a platform and of routes, with default and overridden settings. */
  private static List<Deployment> everyDeployment() {
    List<Deployment> all = new ArrayList<>();
    SmsPlatform defaults = platform();
    SmsPlatform sized = platform();
    sized.getSpec().contacts = serviceSpec(3, "500m", "1Gi");
    sized.getSpec().scheduler = serviceSpec(2, null, "768Mi");
    sized.getSpec().analytics = serviceSpec(1, "100m", null);
    sized.getSpec().links = new SmsPlatformSpec.LinksSpec();
    sized.getSpec().links.replicas = 2;
    sized.getSpec().links.cpu = "200m";
    sized.getSpec().links.memory = "384Mi";
    // Mutual TLS mounts a Secret volume and probes over HTTPS: still admitted.
    SmsPlatform withTls = platform();
    withTls.getSpec().linkTrackingBaseUrl = "https://r.example.fr";
    withTls.getSpec().tls = new SmsPlatformSpec.Tls();
    withTls.getSpec().tls.mode = SmsPlatformSpec.Tls.SECRETS;
    for (SmsPlatform platform : List.of(defaults, sized, withTls)) {
      for (RelaisService service : PlatformServicesBuilder.running(platform)) {
        all.add(platformDeployment(platform, service));
      }
    }
    SmppRoute route = Routes.orange(100);
    SmppRoute scaled = Routes.orange(100);
    scaled.getSpec().autoscaling = new SmppRouteSpec.Autoscaling();
    scaled.getSpec().autoscaling.minReplicas = 2;
    scaled.getSpec().resources = new PodResources();
    scaled.getSpec().resources.memory = "1Gi";
    scaled.getSpec().tls = true;
    all.add(DispatchDeploymentBuilder.build(route, Routes.PLATFORM));
    all.add(DispatchDeploymentBuilder.build(scaled, Routes.PLATFORM));
    all.add(DispatchDeploymentBuilder.build(route, PlatformServicesBuilder.settings(sized)));
    all.add(DispatchDeploymentBuilder.build(route, PlatformServicesBuilder.settings(withTls)));
    return all;
  }

  private static SmsPlatformSpec.ServiceSpec serviceSpec(int replicas, String cpu, String memory) {
    SmsPlatformSpec.ServiceSpec spec = new SmsPlatformSpec.ServiceSpec();
    spec.replicas = replicas;
    spec.cpu = cpu;
    spec.memory = memory;
    return spec;
  }

  private static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
  }

  private static Deployment platformDeployment(SmsPlatform platform, RelaisService service) {
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
    // With a base URL the platform runs links too, so every service's pod is checked.
    spec.linkTrackingBaseUrl = "https://r.example.fr";
    platform.setSpec(spec);
    return platform;
  }
}
