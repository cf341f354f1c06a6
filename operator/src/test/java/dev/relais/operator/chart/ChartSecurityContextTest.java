package dev.relais.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.podsecurity.RestrictedPodSecurity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator pod meets the "restricted" Pod Security Standard and can still write /tmp. */
class ChartSecurityContextTest {

  private final PodSpec pod =
      RelaisChart.render().operatorDeployment().getSpec().getTemplate().getSpec();
  private final Container operator = pod.getContainers().getFirst();

  @Test
  void everyPodTemplateTheChartRendersIsAdmittedByARestrictedNamespace() {
    List<String> problems = new ArrayList<>();
    for (String values : List.of("", "watchNamespaces: [shop-a, shop-b]\n", "replicas: 2\n")) {
      Map<String, PodTemplateSpec> templates = RelaisChart.render(values).podTemplates();
      assertThat(templates).isNotEmpty();
      templates.forEach(
          (owner, template) -> problems.addAll(RestrictedPodSecurity.violations(owner, template)));
    }

    assertThat(problems).isEmpty();
  }

  @Test
  void podRunsAsANonRootUserWithTheDefaultSeccompProfile() {
    PodSecurityContext context = pod.getSecurityContext();

    assertThat(context.getRunAsNonRoot()).isTrue();
    assertThat(context.getRunAsUser()).isPositive();
    assertThat(context.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
  }

  @Test
  void containerHasAReadOnlyRootFilesystemNoEscalationAndNoCapabilities() {
    SecurityContext context = operator.getSecurityContext();

    assertThat(context.getReadOnlyRootFilesystem()).isTrue();
    assertThat(context.getRunAsNonRoot()).isTrue();
    assertThat(context.getAllowPrivilegeEscalation()).isFalse();
    assertThat(context.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
  }

  @Test
  void theJvmGetsAWritableTmpDespiteTheReadOnlyRoot() {
    assertThat(operator.getVolumeMounts())
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

  @Test
  void resourcesAreBoundedAndTheHeapFollowsTheLimit() {
    assertThat(operator.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(operator.getResources().getLimits()).containsKey("memory");
    assertThat(operator.getEnv())
        .anySatisfy(env -> {
          assertThat(env.getName()).isEqualTo("JAVA_TOOL_OPTIONS");
          assertThat(env.getValue()).contains("MaxRAMPercentage");
        });
  }
}
