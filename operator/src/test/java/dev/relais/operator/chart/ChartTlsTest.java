package dev.relais.operator.chart;

import static dev.relais.operator.chart.ChartAlertsTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The operator's own certificate: from a Secret the user names, or from a chart Certificate. */
class ChartTlsTest {

  @Test
  void withoutACertificateTheOperatorMountsNoneAndNoCertificateIsRendered() {
    RenderedChart chart = RelaisChart.render();

    assertThat(env(chart)).doesNotContainKeys("TLS_CERT", "TLS_KEY", "TLS_CA");
    assertThat(pod(chart).getVolumes()).noneMatch(v -> v.getSecret() != null);
    assertThat(chart.kinds()).doesNotContain("Certificate");
  }

  @Test
  void aNamedSecretIsMountedReadOnlyAndItsFilesNamedToTheOperator() {
    RenderedChart chart = RelaisChart.render("tls: {secretName: operator-cert}\n");

    assertThat(env(chart))
        .containsEntry("TLS_CERT", "/etc/relais/tls/tls.crt")
        .containsEntry("TLS_KEY", "/etc/relais/tls/tls.key")
        .containsEntry("TLS_CA", "/etc/relais/tls/ca.crt");
    assertThat(pod(chart).getVolumes().stream().filter(v -> v.getSecret() != null).toList())
        .anySatisfy(v -> assertThat(v.getSecret().getSecretName()).isEqualTo("operator-cert"));
    assertThat(pod(chart).getContainers().getFirst().getVolumeMounts())
        .anySatisfy(m -> {
          assertThat(m.getMountPath()).isEqualTo("/etc/relais/tls");
          assertThat(m.getReadOnly()).isTrue();
        });
    assertThat(chart.kinds()).doesNotContain("Certificate");
  }

  @Test
  void anIssuerMakesTheChartAskCertManagerForTheOperatorsCertificateAndMountIt() {
    RenderedChart chart =
        RelaisChart.render(
            "tls:\n  certManager:\n    issuerRef: {name: relais-ca, kind: ClusterIssuer}\n");
    List<HasMetadata> certificates =
        chart.objects().stream().filter(o -> o.getKind().equals("Certificate")).toList();

    assertThat(certificates).hasSize(1);
    HasMetadata certificate = certificates.getFirst();
    assertThat(certificate.getApiVersion()).isEqualTo("cert-manager.io/v1");
    assertThat(certificate.getMetadata().getNamespace()).isEqualTo(RelaisChart.NAMESPACE);
    Map<String, Object> spec =
        map(((GenericKubernetesResource) certificate).getAdditionalProperties().get("spec"));
    assertThat(spec.get("dnsNames")).isEqualTo(List.of("relais-operator"));
    assertThat(((List<?>) spec.get("usages")).stream().map(String::valueOf).toList())
        .contains("client auth");
    assertThat(map(spec.get("privateKey"))).containsEntry("encoding", "PKCS8");
    assertThat(map(spec.get("issuerRef")))
        .containsEntry("name", "relais-ca")
        .containsEntry("kind", "ClusterIssuer")
        .containsEntry("group", "cert-manager.io");
    assertThat(pod(chart).getVolumes().stream().filter(v -> v.getSecret() != null).toList())
        .anySatisfy(
            v -> assertThat(v.getSecret().getSecretName()).isEqualTo(spec.get("secretName")));
    assertThat(env(chart)).containsEntry("TLS_CERT", "/etc/relais/tls/tls.crt");
  }

  @Test
  void anIssuerWithoutANameIsRefused() {
    assertThatThrownBy(() ->
            RelaisChart.render("tls:\n  certManager:\n    issuerRef: {kind: ClusterIssuer}\n"))
        .hasMessageContaining("tls.certManager.issuerRef needs a name");
  }

  private static PodSpec pod(RenderedChart chart) {
    return chart.operatorDeployment().getSpec().getTemplate().getSpec();
  }

  private static Map<String, String> env(RenderedChart chart) {
    Container container = pod(chart).getContainers().getFirst();
    return container.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
