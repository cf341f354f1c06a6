package dev.relais.operator.chart;

import static dev.relais.operator.chart.ChartAlertsTest.list;
import static dev.relais.operator.chart.ChartAlertsTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.api.SmppRouteSpec;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import dev.relais.operator.model.DispatchDeploymentBuilder;
import dev.relais.operator.model.PlatformServicesBuilder;
import dev.relais.operator.model.RelaisService;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ServiceMonitor (the Services the operator creates) and PodMonitor (the operator pod) that the
 * chart ships for the Prometheus Operator.
 */
class ChartMonitorsTest {

  private static final String ENABLED = "monitoring:\n  serviceMonitor:\n    enabled: true\n";

  @Test
  void noMonitorsByDefault() {
    assertThat(RelaisChart.render().kinds()).doesNotContain("ServiceMonitor", "PodMonitor");
  }

  @Test
  void theServiceMonitorScrapesTheMetricsPortOfTheServicesTheOperatorCreates() {
    Map<String, Object> spec = spec(one(RelaisChart.render(ENABLED), "ServiceMonitor"));

    assertThat(map(map(spec.get("selector")).get("matchLabels")))
        .containsEntry("app.kubernetes.io/part-of", "relais")
        .containsEntry("app.kubernetes.io/managed-by", "relais-operator");
    assertThat(spec.get("jobLabel")).isEqualTo("app.kubernetes.io/part-of");
    assertThat(map(spec.get("namespaceSelector"))).containsEntry("any", true);
    Map<String, Object> endpoint = list(spec.get("endpoints")).getFirst();
    assertThat(endpoint)
        .containsEntry("port", "metrics")
        .containsEntry("path", "/metrics")
        .containsEntry("interval", "30s");
    assertThat(list(endpoint.get("relabelings")))
        .anySatisfy(r -> assertThat(r).containsEntry("targetLabel", "component"));
  }

  @Test
  void servicesOfAPlatformWithMutualTlsAreScrapedOverHttpsOnTheirOwnPortName() {
    List<Map<String, Object>> endpoints =
        list(spec(one(RelaisChart.render(ENABLED), "ServiceMonitor")).get("endpoints"));
    SmsPlatform platform = new SmsPlatform();
    platform.setMetadata(
        new ObjectMetaBuilder().withName("main").withNamespace("sms").withUid("u1").build());
    SmsPlatformSpec spec = new SmsPlatformSpec();
    spec.cassandra = new SmsPlatformSpec.Cassandra();
    spec.cassandra.contactPoints = List.of("c1:9042");
    spec.tls = new SmsPlatformSpec.Tls();
    spec.tls.mode = SmsPlatformSpec.Tls.SECRETS;
    platform.setSpec(spec);
    String tlsPort =
        PlatformServicesBuilder.service(platform, RelaisService.CONTACTS)
            .getSpec()
            .getPorts()
            .stream()
            .filter(p -> p.getPort() == 9464)
            .findFirst()
            .orElseThrow()
            .getName();

    assertThat(endpoints)
        .anySatisfy(endpoint -> {
          assertThat(endpoint)
              .containsEntry("port", tlsPort)
              .containsEntry("scheme", "https")
              .containsEntry("path", "/metrics");
          assertThat(map(endpoint.get("tlsConfig"))).containsEntry("insecureSkipVerify", true);
        });
    assertThat(endpoints)
        .filteredOn(endpoint -> "metrics".equals(endpoint.get("port")))
        .singleElement()
        .satisfies(endpoint -> assertThat(endpoint).doesNotContainKey("scheme"));
  }

  @Test
  void itSelectsEveryServiceTheOperatorCreatesAndNothingElse() {
    Map<String, Object> matchLabels =
        map(
            map(spec(one(RelaisChart.render(ENABLED), "ServiceMonitor")).get("selector"))
                .get("matchLabels"));
    SmsPlatform platform = new SmsPlatform();
    platform.setMetadata(
        new ObjectMetaBuilder().withName("main").withNamespace("sms").withUid("u1").build());
    SmsPlatformSpec spec = new SmsPlatformSpec();
    spec.cassandra = new SmsPlatformSpec.Cassandra();
    spec.cassandra.contactPoints = List.of("c1:9042");
    platform.setSpec(spec);
    SmppRoute route = new SmppRoute();
    route.setMetadata(
        new ObjectMetaBuilder().withName("orange").withNamespace("sms").withUid("u2").build());
    route.setSpec(new SmppRouteSpec());
    List<Service> services = new ArrayList<>();
    for (RelaisService service : PlatformServicesBuilder.SERVICES) {
      services.add(PlatformServicesBuilder.service(platform, service));
    }
    services.add(
        DispatchDeploymentBuilder.service(route, PlatformServicesBuilder.settings(platform)));

    assertThat(services)
        .allSatisfy(service ->
            assertThat(service.getMetadata().getLabels())
                .as(service.getMetadata().getName())
                .containsAllEntriesOf(cast(matchLabels))
                .containsKey("app.kubernetes.io/component"));
    assertThat(RelaisChart.render(ENABLED).objects())
        .as("the chart's own objects")
        .noneSatisfy(object ->
            assertThat(object.getMetadata().getLabels()).containsAllEntriesOf(cast(matchLabels)));
  }

  @Test
  void withWatchedNamespacesOnlyTheyAreScraped() {
    Map<String, Object> spec =
        spec(
            one(
                RelaisChart.render(ENABLED + "watchNamespaces: [shop, sms, shop]\n"),
                "ServiceMonitor"));

    assertThat(map(spec.get("namespaceSelector")))
        .containsOnlyKeys("matchNames")
        .containsEntry("matchNames", List.of("shop", "sms"));
  }

  @Test
  void thePodMonitorScrapesTheOperatorPodsHealthPortWhereItServesMetrics() {
    RenderedChart chart =
        RelaisChart.render(ENABLED + "    interval: 15s\n    labels: {release: prom}\n");
    HasMetadata podMonitor = one(chart, "PodMonitor");
    Map<String, Object> spec = spec(podMonitor);
    Deployment operator = chart.operatorDeployment();

    assertThat(podMonitor.getMetadata().getLabels()).containsEntry("release", "prom");
    assertThat(one(chart, "ServiceMonitor").getMetadata().getLabels())
        .containsEntry("release", "prom");
    assertThat(operator.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(cast(map(map(spec.get("selector")).get("matchLabels"))));
    assertThat(map(spec.get("namespaceSelector")))
        .containsEntry("matchNames", List.of(RelaisChart.NAMESPACE));
    Map<String, Object> endpoint = list(spec.get("podMetricsEndpoints")).getFirst();
    assertThat(endpoint).containsEntry("path", "/metrics").containsEntry("interval", "15s");
    assertThat(operator.getSpec().getTemplate().getSpec().getContainers().getFirst().getPorts())
        .extracting(ContainerPort::getName)
        .contains((String) endpoint.get("port"));
  }

  static HasMetadata one(RenderedChart chart, String kind) {
    List<HasMetadata> found =
        chart.objects().stream().filter(o -> o.getKind().equals(kind)).toList();
    assertThat(found).as(kind).hasSize(1);
    assertThat(found.getFirst().getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    return found.getFirst();
  }

  private static Map<String, Object> spec(HasMetadata object) {
    return map(((GenericKubernetesResource) object).getAdditionalProperties().get("spec"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> cast(Map<String, Object> labels) {
    return (Map<String, String>) (Map<?, ?>) labels;
  }
}
