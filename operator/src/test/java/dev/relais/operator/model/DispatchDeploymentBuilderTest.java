package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmppRouteSpec;
import dev.relais.operator.api.TlsTrust;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DispatchDeploymentBuilderTest {

  @Test
  void namesTheDeploymentAfterTheRouteInItsNamespace() {
    Deployment deployment = DispatchDeploymentBuilder.build(Routes.orange(100), Routes.PLATFORM);

    assertThat(deployment.getMetadata().getName()).isEqualTo("relais-dispatch-orange");
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo("sms");
    assertThat(deployment.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "relais-dispatch")
        .containsEntry("app.kubernetes.io/instance", "orange")
        .containsEntry("app.kubernetes.io/component", "dispatch")
        .containsEntry("app.kubernetes.io/part-of", "relais")
        .containsEntry("app.kubernetes.io/managed-by", "relais-operator");
    assertThat(deployment.getSpec().getSelector().getMatchLabels())
        .isEqualTo(
            Map.of(
                "app.kubernetes.io/name",
                "relais-dispatch",
                "app.kubernetes.io/instance",
                "orange"));
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void passesTheRouteToTheDispatchProcessAsTheDispatchServiceReadsIt() {
    Map<String, String> env =
        plainEnv(DispatchDeploymentBuilder.build(Routes.orange(100), Routes.PLATFORM));

    assertThat(env)
        .containsEntry("DISPATCH_ROUTE", "orange")
        .containsEntry("SMPP_HOST", "smsc.orange.example")
        .containsEntry("SMPP_PORT", "2776")
        .containsEntry("SMPP_SYSTEMID", "acme")
        .containsEntry("SMPP_SYSTEMTYPE", "CMT")
        .containsEntry("SMPP_SESSIONS", "3")
        .containsEntry("SMPP_WINDOW", "64")
        .containsEntry("SMPP_ENQUIRELINK", "PT45S")
        .containsEntry("DISPATCH_TPS", "100")
        .containsEntry("CASSANDRA_HOSTS", "cassandra-0.cassandra:9042,cassandra-1.cassandra:9042")
        .containsEntry("CASSANDRA_PREFIX", "acme")
        .containsEntry("CONTACTS_ADDRESS", "relais-contacts:9091")
        .containsEntry("ANALYTICS_ADDRESS", "relais-analytics:9094")
        .containsEntry("SERVER_HOST", "0.0.0.0")
        .containsEntry("SERVER_PORT", "9093");
  }

  @Test
  void thePasswordComesFromTheSecretAndNeverAsAValue() {
    Container container =
        container(DispatchDeploymentBuilder.build(Routes.orange(100), Routes.PLATFORM));

    EnvVar password =
        container.getEnv().stream()
            .filter(e -> e.getName().equals("SMPP_PASSWORD"))
            .findFirst()
            .orElseThrow();
    assertThat(password.getValue()).isNull();
    assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("orange-smpp");
    assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("password");
  }

  @Test
  void aTlsRouteTrustsTheCaBundleItsKubeletReadsFromTheConfigMap() {
    SmppRoute route = Routes.orange(100);
    route.getSpec().tls = true;
    route.getSpec().tlsTrust = new TlsTrust();
    route.getSpec().tlsTrust.configMapKeyRef = new TlsTrust.ConfigMapKey();
    route.getSpec().tlsTrust.configMapKeyRef.name = "orange-ca";
    route.getSpec().tlsTrust.configMapKeyRef.key = "ca.pem";

    Container container = container(DispatchDeploymentBuilder.build(route, Routes.PLATFORM));

    assertThat(plainEnv(DispatchDeploymentBuilder.build(route, Routes.PLATFORM)))
        .containsEntry("SMPP_TLS", "true");
    EnvVar trust = env(container, "SMPP_TLSTRUST");
    assertThat(trust.getValue()).isNull();
    assertThat(trust.getValueFrom().getConfigMapKeyRef().getName()).isEqualTo("orange-ca");
    assertThat(trust.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("ca.pem");
    assertThat(trust.getValueFrom().getConfigMapKeyRef().getOptional()).isFalse();
  }

  @Test
  void aTrustBundleInASecretStaysInTheSecret() {
    SmppRoute route = Routes.orange(100);
    route.getSpec().tls = true;
    route.getSpec().tlsTrust = new TlsTrust();
    route.getSpec().tlsTrust.secretKeyRef = new SecretKeyRef();
    route.getSpec().tlsTrust.secretKeyRef.name = "orange-tls";
    route.getSpec().tlsTrust.secretKeyRef.key = "ca.crt";

    EnvVar trust =
        env(container(DispatchDeploymentBuilder.build(route, Routes.PLATFORM)), "SMPP_TLSTRUST");

    assertThat(trust.getValue()).isNull();
    assertThat(trust.getValueFrom().getSecretKeyRef().getName()).isEqualTo("orange-tls");
    assertThat(trust.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("ca.crt");
  }

  @Test
  void aPlainRouteGetsNoTlsSettingsAndTlsWithoutBundleTrustsTheImagesCas() {
    SmppRoute route = Routes.orange(100);
    Container plain = container(DispatchDeploymentBuilder.build(route, Routes.PLATFORM));
    assertThat(plain.getEnv())
        .extracting(EnvVar::getName)
        .doesNotContain("SMPP_TLS", "SMPP_TLSTRUST");

    route.getSpec().tls = true;
    Container tls = container(DispatchDeploymentBuilder.build(route, Routes.PLATFORM));
    assertThat(tls.getEnv())
        .extracting(EnvVar::getName)
        .contains("SMPP_TLS")
        .doesNotContain("SMPP_TLSTRUST");
  }

  @Test
  void aFailoverRouteReachesTheDispatchProcessAndNoneOrItselfMeansNoFailover() {
    SmppRoute route = Routes.orange(100);
    assertThat(plainEnv(DispatchDeploymentBuilder.build(route, Routes.PLATFORM)))
        .doesNotContainKey("DISPATCH_FAILOVER");

    route.getSpec().failoverRoute = "sfr";
    assertThat(plainEnv(DispatchDeploymentBuilder.build(route, Routes.PLATFORM)))
        .containsEntry("DISPATCH_FAILOVER", "sfr");
    assertThat(plainEnv(DispatchDeploymentBuilder.build(route, Routes.PLATFORM)))
        .as("the dispatch default")
        .doesNotContainKey("DISPATCH_FAILOVERAFTER");
    route.getSpec().failoverAfter = "PT2M";
    assertThat(plainEnv(DispatchDeploymentBuilder.build(route, Routes.PLATFORM)))
        .containsEntry("DISPATCH_FAILOVERAFTER", "PT2M");

    route.getSpec().failoverRoute = "orange";
    assertThat(plainEnv(DispatchDeploymentBuilder.build(route, Routes.PLATFORM)))
        .doesNotContainKey("DISPATCH_FAILOVER");
  }

  private static EnvVar env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void everyReplicaGetsItsShareOfTheRouteTps() {
    SmppRoute route = Routes.orange(100);
    route.getSpec().autoscaling = new SmppRouteSpec.Autoscaling();
    route.getSpec().autoscaling.minReplicas = 3;

    Deployment deployment = DispatchDeploymentBuilder.build(route, Routes.PLATFORM);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    // 3 x 33 = 99 <= 100: the sum of the shares never exceeds the carrier's limit.
    assertThat(plainEnv(deployment)).containsEntry("DISPATCH_TPS", "33");
    assertThat(plainEnv(DispatchDeploymentBuilder.build(route, Routes.PLATFORM, 4)))
        .containsEntry("DISPATCH_TPS", "25");
  }

  @Test
  void aRunningCountIsKeptWithinTheRouteBounds() {
    SmppRouteSpec spec = Routes.orange(100).getSpec();
    assertThat(DispatchDeploymentBuilder.replicas(spec, 3)).isEqualTo(1);

    spec.autoscaling = new SmppRouteSpec.Autoscaling();
    spec.autoscaling.minReplicas = 2;
    spec.autoscaling.maxReplicas = 5;
    assertThat(DispatchDeploymentBuilder.replicas(spec, null)).isEqualTo(2);
    assertThat(DispatchDeploymentBuilder.replicas(spec, 1)).isEqualTo(2);
    assertThat(DispatchDeploymentBuilder.replicas(spec, 4)).isEqualTo(4);
    assertThat(DispatchDeploymentBuilder.replicas(spec, 9)).isEqualTo(5);
  }

  @Test
  void oneReplicaWithoutAutoscalingBounds() {
    Deployment deployment = DispatchDeploymentBuilder.build(Routes.orange(50), Routes.PLATFORM);

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(plainEnv(deployment)).containsEntry("DISPATCH_TPS", "50");
  }

  @Test
  void aRolloutNeverRunsMorePodsThanReplicas() {
    Deployment deployment = DispatchDeploymentBuilder.build(Routes.orange(100), Routes.PLATFORM);

    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal())
        .isZero();
    assertThat(
            deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isEqualTo(1);
  }

  @Test
  void probesTheHealthEndpointsOfTheDispatchService() {
    Container container =
        container(DispatchDeploymentBuilder.build(Routes.orange(100), Routes.PLATFORM));

    assertThat(container.getImage()).isEqualTo("ghcr.io/relais-dev/relais-dispatch:1.2.3");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9093);
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(9093);
    assertThat(container.getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9093));
  }

  @Test
  void theRouteOwnsItsDeployment() {
    Deployment deployment = DispatchDeploymentBuilder.build(Routes.orange(100), Routes.PLATFORM);

    assertThat(deployment.getMetadata().getOwnerReferences()).hasSize(1);
    OwnerReference owner = deployment.getMetadata().getOwnerReferences().get(0);
    assertThat(owner.getApiVersion()).isEqualTo("relais.dev/v1alpha1");
    assertThat(owner.getKind()).isEqualTo("SmppRoute");
    assertThat(owner.getName()).isEqualTo("orange");
    assertThat(owner.getUid()).isEqualTo("6f1c1e1e-0000-4000-8000-000000000001");
    assertThat(owner.getController()).isTrue();
    assertThat(owner.getBlockOwnerDeletion()).isTrue();
  }

  @Test
  void anEmptySystemTypeIsPassedAsEmpty() {
    SmppRoute route = Routes.orange(10);
    route.getSpec().systemType = null;

    assertThat(plainEnv(DispatchDeploymentBuilder.build(route, Routes.PLATFORM)))
        .containsEntry("SMPP_SYSTEMTYPE", "");
  }

  private static Container container(Deployment deployment) {
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Map<String, String> plainEnv(Deployment deployment) {
    return container(deployment).getEnv().stream()
        .filter(e -> e.getValueFrom() == null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
