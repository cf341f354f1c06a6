package dev.relais.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.podsecurity.RestrictedPodSecurity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On uninstall, a hook releases the operator's Campaign finalizers before the operator goes, so
 * that nothing is left stuck in deletion. {@code helm template} leaves hooks out, so the Job is
 * rendered from a copy of the chart whose hook annotations are removed, and those annotations are
 * checked in the template itself.
 */
class ChartUninstallHookTest {

  private static final Path TEMPLATE = RelaisChart.DIR.resolve("templates/uninstall-hook.yaml");
  private static Path visible;

  @BeforeAll
  static void copyTheChartWithTheHookAsAPlainManifest() throws IOException {
    visible = Files.createTempDirectory("relais-chart");
    try (Stream<Path> files = Files.walk(RelaisChart.DIR)) {
      for (Path source : files.toList()) {
        Path target = visible.resolve(RelaisChart.DIR.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    Path hook = visible.resolve("templates/uninstall-hook.yaml");
    List<String> lines =
        Files.readAllLines(hook).stream().filter(l -> !l.contains("\"helm.sh/hook")).toList();
    Files.write(hook, lines);
  }

  @AfterAll
  static void deleteTheCopy() throws IOException {
    try (Stream<Path> files = Files.walk(visible)) {
      files.sorted(Comparator.reverseOrder()).forEach(ChartUninstallHookTest::delete);
    }
  }

  @Test
  void theJobsPodIsAdmittedByARestrictedNamespace() {
    RenderedChart chart = RelaisChart.render(visible, "");

    assertThat(chart.podTemplates()).containsKey("Job/relais-operator-release-finalizers");
    chart
        .podTemplates()
        .forEach((owner, template) ->
            assertThat(RestrictedPodSecurity.violations(owner, template)).isEmpty());
  }

  @Test
  void theJobIsAPreDeleteHookRemovedOnceItSucceeded() throws IOException {
    String template = Files.readString(TEMPLATE);

    assertThat(template)
        .contains("\"helm.sh/hook\": pre-delete")
        .contains("\"helm.sh/hook-delete-policy\": before-hook-creation,hook-succeeded");
  }

  @Test
  void aJobReleasesTheFinalizersWithTheOperatorsImageAndAccount() {
    RenderedChart chart = RelaisChart.render(visible, "");
    Job job = chart.one(Job.class);
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().getFirst();
    PodSpec operator = chart.operatorDeployment().getSpec().getTemplate().getSpec();

    assertThat(container.getArgs()).containsExactly("release-finalizers");
    assertThat(container.getImage()).isEqualTo(operator.getContainers().getFirst().getImage());
    assertThat(pod.getServiceAccountName()).isEqualTo(operator.getServiceAccountName());
    assertThat(pod.getRestartPolicy()).isEqualTo("Never");
    // Bounded: an uninstall never waits on it for long.
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isPositive();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
  }

  @Test
  void theJobWatchesTheSameNamespacesAsTheOperator() {
    RenderedChart chart = RelaisChart.render(visible, "watchNamespaces: [shop-a, shop-b]\n");
    Container container =
        chart.one(Job.class).getSpec().getTemplate().getSpec().getContainers().getFirst();

    assertThat(container.getEnv())
        .anySatisfy(e -> {
          assertThat(e.getName()).isEqualTo("WATCH_NAMESPACES");
          assertThat(e.getValue()).isEqualTo("shop-a,shop-b");
        });
  }

  @Test
  void theHookCanBeTurnedOff() {
    assertThat(
            RelaisChart.render(visible, "uninstall: {releaseFinalizers: false}\n").all(Job.class))
        .isEmpty();
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
