package dev.relais.operator.chart;

import static dev.relais.operator.chart.RelaisChart.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.operator.model.PlatformNetworkPolicies;
import dev.relais.operator.model.ReleaseImages;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What {@code helm template} produces: the operator Deployment, its account, its settings. */
class ChartRenderingTest {

  @Test
  void defaultsRenderTheOperatorItsAccountAndItsPermissions() {
    RenderedChart chart = RelaisChart.render();

    assertThat(chart.kinds())
        .containsExactly(
            "ClusterRole",
            "ClusterRoleBinding",
            "Deployment",
            "Role",
            "RoleBinding",
            "ServiceAccount");
    for (HasMetadata object : chart.objects()) {
      assertThat(object.getMetadata().getLabels())
          .as("labels of %s %s", object.getKind(), object.getMetadata().getName())
          .containsEntry("app.kubernetes.io/name", "relais")
          .containsEntry("app.kubernetes.io/instance", RelaisChart.RELEASE)
          .containsEntry("app.kubernetes.io/managed-by", "Helm")
          .containsEntry("app.kubernetes.io/version", ReleaseImages.version())
          .containsKey("helm.sh/chart");
      boolean clusterScoped = object.getKind().startsWith("Cluster");
      assertThat(object.getMetadata().getNamespace())
          .as("namespace of %s", object.getKind())
          .isEqualTo(clusterScoped ? null : NAMESPACE);
    }
  }

  @Test
  void theOperatorsPodsCarryTheLabelsThePlatformsNetworkPoliciesAdmit() {
    for (String values : new String[] {"", "nameOverride: sms-operator\n"}) {
      Map<String, String> labels =
          RelaisChart.render(values)
              .operatorDeployment()
              .getSpec()
              .getTemplate()
              .getMetadata()
              .getLabels();

      assertThat(labels).containsAllEntriesOf(PlatformNetworkPolicies.OPERATOR_LABELS);
    }
  }

  @Test
  void theOperatorRunsOneContainerUnderItsOwnServiceAccount() {
    RenderedChart chart = RelaisChart.render();
    Deployment deployment = chart.operatorDeployment();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();

    assertThat(deployment.getMetadata().getName()).isEqualTo("relais-operator");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(pod.getContainers())
        .extracting(Container::getName)
        .containsExactly("relais-operator");
    assertThat(pod.getContainers().getFirst().getImage())
        .as("the image the build makes (-Pimages)")
        .isEqualTo(ReleaseImages.image("operator"));
    assertThat(pod.getServiceAccountName())
        .isEqualTo(chart.one(ServiceAccount.class).getMetadata().getName());
  }

  @Test
  void probesHitTheHealthEndpointsOnPort8080() {
    Container operator = operatorContainer(RelaisChart.render());

    assertThat(operator.getPorts())
        .singleElement()
        .satisfies(port -> {
          assertThat(port.getName()).isEqualTo("health");
          assertThat(port.getContainerPort()).isEqualTo(8080);
        });
    assertProbe(operator.getLivenessProbe().getHttpGet(), "/health/live");
    assertProbe(operator.getStartupProbe().getHttpGet(), "/health/live");
    assertProbe(operator.getReadinessProbe().getHttpGet(), "/health/ready");
    assertThat(env(operator))
        .containsEntry("SERVER_HOST", "0.0.0.0")
        .containsEntry("SERVER_PORT", "8080");
  }

  @Test
  void defaultsWatchAllNamespacesWithServerSideApplyAndLeaderElection() {
    Map<String, String> env = env(operatorContainer(RelaisChart.render()));

    assertThat(env)
        .containsEntry("WATCH_NAMESPACES", "")
        .containsEntry("RELAIS_USE_SSA", "true")
        .containsEntry("RELAIS_LOG_LEVEL", "INFO")
        .containsEntry("RELAIS_LEADER_ELECTION", "true")
        .containsEntry("RELAIS_LEADER_ELECTION_LEASE", "relais-operator")
        .containsEntry("OTEL_SERVICE_NAME", "relais-operator")
        .doesNotContainKey("OTEL_EXPORTER_OTLP_ENDPOINT")
        .doesNotContainKey("OTEL_ENDPOINT");
    EnvVar leaseNamespace =
        operatorContainer(RelaisChart.render()).getEnv().stream()
            .filter(e -> e.getName().equals("RELAIS_LEADER_ELECTION_NAMESPACE"))
            .findFirst()
            .orElseThrow();
    assertThat(leaseNamespace.getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.namespace");
  }

  @Test
  void valuesReachTheOperatorsEnvironment() {
    RenderedChart chart =
        RelaisChart.render(
            """
            watchNamespaces: [shop-a, shop-b]
            useServerSideApply: false
            logLevel: DEBUG
            telemetry:
              otlpEndpoint: "http://collector.observability:4317"
              protocol: grpc
              sampling: "0.2"
              headersSecretRef: {name: otel-auth, key: headers}
            image: {tag: "0.2.0-rc1", pullPolicy: Always}
            replicas: 2
            extraEnv:
              - {name: RELAIS_EXTRA, value: "yes"}
            """);
    Container operator = operatorContainer(chart);

    assertThat(env(operator))
        .containsEntry("WATCH_NAMESPACES", "shop-a,shop-b")
        .containsEntry("RELAIS_USE_SSA", "false")
        .containsEntry("RELAIS_LOG_LEVEL", "DEBUG")
        .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector.observability:4317")
        .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")
        .containsEntry("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
        .containsEntry("OTEL_TRACES_SAMPLER_ARG", "0.2")
        .containsEntry(
            "OTEL_RESOURCE_ATTRIBUTES",
            "service.version=0.2.0-rc1,k8s.namespace.name=$(POD_NAMESPACE),"
                + "k8s.pod.name=$(POD_NAME),service.instance.id=$(POD_NAME)")
        .containsEntry("RELAIS_EXTRA", "yes");
    Map<String, EnvVar> byName = new java.util.HashMap<>();
    operator.getEnv().forEach(e -> byName.put(e.getName(), e));
    assertThat(byName.get("OTEL_EXPORTER_OTLP_HEADERS").getValueFrom().getSecretKeyRef().getName())
        .isEqualTo("otel-auth");
    assertThat(byName.get("POD_NAME").getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("metadata.name");
    assertThat(operator.getImage()).isEqualTo("ghcr.io/relais-dev/relais-operator:0.2.0-rc1");
    assertThat(operator.getImagePullPolicy()).isEqualTo("Always");
    assertThat(chart.operatorDeployment().getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void anExistingServiceAccountCanBeUsed() {
    RenderedChart chart = RelaisChart.render("serviceAccount: {create: false, name: relais-sa}\n");

    assertThat(chart.all(ServiceAccount.class)).isEmpty();
    assertThat(chart.operatorDeployment().getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("relais-sa");
    assertThatThrownBy(() -> RelaisChart.render("serviceAccount: {create: false}\n"))
        .hasMessageContaining("serviceAccount.name is required");
  }

  @Test
  void severalReplicasWithoutLeaderElectionAreRefused() {
    assertThatThrownBy(() -> RelaisChart.render("replicas: 2\nleaderElection: {enabled: false}\n"))
        .hasMessageContaining("replicas > 1 needs leaderElection.enabled=true");
  }

  @Test
  void malformedValuesAreRejectedBeforeAnythingIsRendered() {
    assertThatThrownBy(() -> RelaisChart.render("watchNamespaces: shop-a\n"))
        .hasMessageContaining("watchNamespaces")
        .hasMessageContaining("want array");
    assertThatThrownBy(() -> RelaisChart.render("watchNamespaces: [Shop_A]\n"))
        .hasMessageContaining("watchNamespaces/0");
    assertThatThrownBy(() -> RelaisChart.render("useServerSideApply: \"no\"\n"))
        .hasMessageContaining("useServerSideApply");
  }

  @Test
  void clustersOlderThan127AreRefused() {
    assertThatThrownBy(() ->
            RelaisChart.helm()
                .template()
                .withName(RelaisChart.RELEASE)
                .withKubeVersion("1.26.9")
                .call())
        .hasMessageContaining("kubeVersion");
  }

  @Test
  void installNotesTellWhatToDoNext() {
    String notes = RelaisChart.installNotes("");

    assertThat(notes)
        .contains("kubectl -n relais-system rollout status deployment/relais-operator")
        .contains("kubectl apply -f examples/quickstart/")
        .contains("every namespace");
    assertThat(RelaisChart.installNotes("watchNamespaces: [shop-a]\n"))
        .contains("only in: shop-a")
        .contains("relais-demo is not watched");
  }

  private static Container operatorContainer(RenderedChart chart) {
    return chart.operatorDeployment().getSpec().getTemplate().getSpec().getContainers().getFirst();
  }

  /** Literal environment variables (those with a value, not a valueFrom). */
  @Test
  void telemetrySettingsWithoutAnEndpointAreRefused() {
    assertThatThrownBy(() -> RelaisChart.render("telemetry: {protocol: grpc}\n"))
        .hasMessageContaining("need telemetry.otlpEndpoint");
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValueFrom() == null)
        .collect(Collectors.toMap(EnvVar::getName, e -> e.getValue() == null ? "" : e.getValue()));
  }

  private static void assertProbe(HTTPGetAction probe, String path) {
    assertThat(probe.getPath()).isEqualTo(path);
    assertThat(probe.getPort().getStrVal()).isEqualTo("health");
  }
}
