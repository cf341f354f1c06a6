package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.SecretKeyRef;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.api.SmsPlatformSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every Deployment the operator builds names its pod to OpenTelemetry and maps spec.telemetry. */
class TelemetryEnvironmentTest {

  @Test
  void everyDeploymentNamesItsPodThroughTheDownwardApi() {
    for (Deployment deployment : deployments(platform(null))) {
      List<EnvVar> env = container(deployment).getEnv();
      List<String> names = env.stream().map(EnvVar::getName).toList();
      assertThat(fieldPath(env, "POD_NAME")).isEqualTo("metadata.name");
      assertThat(fieldPath(env, "POD_NAMESPACE")).isEqualTo("metadata.namespace");
      // $(VAR) references only resolve to variables defined before them.
      assertThat(names.indexOf("OTEL_RESOURCE_ATTRIBUTES"))
          .isGreaterThan(names.indexOf("POD_NAME"))
          .isGreaterThan(names.indexOf("POD_NAMESPACE"));
      assertThat(value(env, "OTEL_RESOURCE_ATTRIBUTES"))
          .isEqualTo(
              "k8s.namespace.name=$(POD_NAMESPACE),k8s.pod.name=$(POD_NAME),"
                  + "service.instance.id=$(POD_NAME)");
      // No collector named: nothing is exported, and the old custom names are gone.
      assertThat(names)
          .doesNotContain(
              "OTEL_EXPORTER_OTLP_ENDPOINT",
              "OTEL_EXPORTER_OTLP_PROTOCOL",
              "OTEL_EXPORTER_OTLP_HEADERS",
              "OTEL_ENDPOINT",
              "OTEL_SAMPLING");
    }
  }

  @Test
  void specTelemetryBecomesTheStandardVariablesOfEveryDeployment() {
    SmsPlatformSpec.Telemetry telemetry = new SmsPlatformSpec.Telemetry();
    telemetry.otlpEndpoint = "http://otel-collector.observability:4317";
    telemetry.protocol = "grpc";
    telemetry.sampling = "0.25";
    telemetry.messageSampling = "0.5";
    telemetry.logFormat = "json";
    telemetry.headersSecretRef = new SecretKeyRef();
    telemetry.headersSecretRef.name = "otel-auth";
    telemetry.headersSecretRef.key = "headers";
    SmsPlatform platform = platform(telemetry);

    List<Deployment> deployments = deployments(platform);
    assertThat(deployments).hasSize(5);
    for (Deployment deployment : deployments) {
      List<EnvVar> env = container(deployment).getEnv();
      assertThat(value(env, "OTEL_EXPORTER_OTLP_ENDPOINT"))
          .isEqualTo("http://otel-collector.observability:4317");
      assertThat(value(env, "OTEL_EXPORTER_OTLP_PROTOCOL")).isEqualTo("grpc");
      assertThat(value(env, "OTEL_TRACES_SAMPLER")).isEqualTo("parentbased_traceidratio");
      assertThat(value(env, "OTEL_TRACES_SAMPLER_ARG")).isEqualTo("0.25");
      assertThat(value(env, "TELEMETRY_MESSAGE_SAMPLING")).isEqualTo("0.5");
      assertThat(value(env, "RELAIS_LOG_FORMAT")).isEqualTo("json");
      EnvVar headers = find(env, "OTEL_EXPORTER_OTLP_HEADERS");
      assertThat(headers.getValue()).isNull();
      assertThat(headers.getValueFrom().getSecretKeyRef().getName()).isEqualTo("otel-auth");
      assertThat(headers.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("headers");
    }
    for (RelaisService service : PlatformServicesBuilder.running(platform)) {
      ConfigMap config = PlatformServicesBuilder.configMap(platform, service);
      assertThat(config.getData().keySet()).noneMatch(key -> key.startsWith("OTEL_"));
    }
  }

  @Test
  void theSamplingAloneSetsTheSamplerWithoutAnyExport() {
    SmsPlatformSpec.Telemetry telemetry = new SmsPlatformSpec.Telemetry();
    telemetry.sampling = "0.1";
    for (Deployment deployment : deployments(platform(telemetry))) {
      List<EnvVar> env = container(deployment).getEnv();
      assertThat(value(env, "OTEL_TRACES_SAMPLER_ARG")).isEqualTo("0.1");
      assertThat(value(env, "TELEMETRY_MESSAGE_SAMPLING")).as("the default").isEqualTo("0.01");
      assertThat(value(env, "RELAIS_LOG_FORMAT")).as("the default").isEqualTo("text");
      assertThat(env).extracting(EnvVar::getName).doesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT");
    }
  }

  private static List<Deployment> deployments(SmsPlatform platform) {
    List<Deployment> deployments = new ArrayList<>();
    for (RelaisService service : PlatformServicesBuilder.running(platform)) {
      deployments.add(
          PlatformServicesBuilder.deployment(
              platform, service, PlatformServicesBuilder.configMap(platform, service)));
    }
    deployments.add(
        DispatchDeploymentBuilder.build(
            Routes.orange(100), PlatformServicesBuilder.settings(platform)));
    return deployments;
  }

  private static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static EnvVar find(List<EnvVar> env, String name) {
    List<EnvVar> found = env.stream().filter(e -> e.getName().equals(name)).toList();
    assertThat(found).as(name).hasSize(1);
    return found.get(0);
  }

  private static String value(List<EnvVar> env, String name) {
    return find(env, name).getValue();
  }

  private static String fieldPath(List<EnvVar> env, String name) {
    return find(env, name).getValueFrom().getFieldRef().getFieldPath();
  }

  private static SmsPlatform platform(SmsPlatformSpec.Telemetry telemetry) {
    SmsPlatform platform = new SmsPlatform();
    platform.setMetadata(
        new ObjectMetaBuilder().withName("main").withNamespace("shop").withUid("u1").build());
    SmsPlatformSpec spec = new SmsPlatformSpec();
    spec.version = "2.0.1";
    spec.cassandra = new SmsPlatformSpec.Cassandra();
    spec.cassandra.contactPoints = List.of("c1:9042");
    spec.telemetry = telemetry;
    // Links runs too: its pods name themselves to the collector like every other.
    spec.linkTrackingBaseUrl = "https://r.example.fr";
    platform.setSpec(spec);
    return platform;
  }
}
