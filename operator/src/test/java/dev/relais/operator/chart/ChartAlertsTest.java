package dev.relais.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The PrometheusRule the chart ships: Prometheus' own promtool checks its rules and runs the unit
 * tests of {@code monitoring/alerts-test.yaml} against them (each alert fires on its series and not
 * on the others); every alert says what to look at and links to its runbook in docs/operations.md;
 * every metric it reads is exported.
 */
class ChartAlertsTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final String DEFAULT_RUNBOOKS =
      "https://github.com/relais-dev/relais/blob/main/docs/operations.md";

  @Test
  void noPrometheusRuleByDefault() {
    assertThat(RelaisChart.render().kinds()).doesNotContain("PrometheusRule");
  }

  @Test
  void promtoolChecksTheShippedRulesAndTheirUnitTestsPass() throws Exception {
    Assumptions.assumeTrue(
        onPath("promtool"),
        "skipped: promtool is not installed (apt-get install prometheus); the alerts were not tested");
    Path dir = Files.createTempDirectory("relais-alerts");
    try {
      Files.writeString(dir.resolve("rules.yaml"), SERIALIZATION.asYaml(spec(renderRule(""))));
      try (InputStream tests = getClass().getResourceAsStream("/monitoring/alerts-test.yaml")) {
        Files.write(dir.resolve("alerts-test.yaml"), tests.readAllBytes());
      }

      assertPromtool(dir, "check", "rules", "rules.yaml");
      assertPromtool(dir, "test", "rules", "alerts-test.yaml");
    } finally {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    }
  }

  @Test
  void everyAlertIsTestedFiringAndNotFiring() throws IOException {
    Set<String> alerts =
        alerts(renderRule("")).stream()
            .map(a -> (String) a.get("alert"))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> fired = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (Map<String, Object> test : list(unitTests().get("tests"))) {
      for (Map<String, Object> check : list(test.get("alert_rule_test"))) {
        (list(check.get("exp_alerts")).isEmpty() ? quiet : fired)
            .add((String) check.get("alertname"));
      }
    }

    assertThat(alerts).hasSizeGreaterThanOrEqualTo(13);
    assertThat(fired).as("alerts with a unit test where they fire").isEqualTo(alerts);
    assertThat(quiet).as("alerts with a unit test where they do not fire").isEqualTo(alerts);
  }

  @Test
  void everyAlertHasASeverityAnExplanationAndARunbookSectionInTheOperationsGuide()
      throws IOException {
    Set<String> sections = headingAnchors(Files.readString(Path.of("../docs/operations.md")));

    for (Map<String, Object> alert : alerts(renderRule(""))) {
      String name = (String) alert.get("alert");
      Map<String, Object> labels = map(alert.get("labels"));
      Map<String, Object> annotations = map(alert.get("annotations"));
      assertThat(labels.get("severity")).as(name).isIn("warning", "critical");
      assertThat((String) annotations.get("summary")).as(name).isNotBlank();
      assertThat((String) annotations.get("description")).as(name).isNotBlank();
      String runbook = (String) annotations.get("runbook_url");
      assertThat(runbook)
          .as(name)
          .isEqualTo(DEFAULT_RUNBOOKS + "#" + name.toLowerCase(Locale.ROOT));
      assertThat(sections)
          .as("sections of docs/operations.md (the runbook of %s)", name)
          .contains(runbook.substring(runbook.indexOf('#') + 1));
    }
  }

  @Test
  void runbooksCanLiveElsewhereAndTheRuleCarriesThePrometheusSelectorLabels() {
    HasMetadata rule =
        renderRule(
            """
            labels: {release: kube-prometheus-stack}
            runbookBaseUrl: https://wiki.example.com/relais/runbooks
            """);

    assertThat(rule.getMetadata().getLabels())
        .containsEntry("release", "kube-prometheus-stack")
        .containsEntry("app.kubernetes.io/part-of", "relais");
    assertThat(rule.getMetadata().getNamespace()).isEqualTo(RelaisChart.NAMESPACE);
    assertThat(alerts(rule))
        .allSatisfy(alert ->
            assertThat((String) map(alert.get("annotations")).get("runbook_url"))
                .startsWith("https://wiki.example.com/relais/runbooks#relais"));
  }

  @Test
  void everyMetricTheAlertsReadIsExported() {
    Set<String> used = new TreeSet<>();
    for (Map<String, Object> alert : alerts(renderRule(""))) {
      used.addAll(QueriedMetrics.in((String) alert.get("expr")));
    }

    assertThat(used)
        .contains("relais_dispatch_sessions_bound", "relais_operator_reconcile_errors_total");
    QueriedMetrics.assertExported(used);
  }

  /** Renders the chart with the PrometheusRule enabled and {@code ruleValues} beside. */
  private static HasMetadata renderRule(String ruleValues) {
    RenderedChart chart =
        RelaisChart.render(
            "monitoring:\n  prometheusRule:\n    enabled: true\n" + ruleValues.indent(4));
    List<HasMetadata> rules =
        chart.objects().stream().filter(o -> o.getKind().equals("PrometheusRule")).toList();
    assertThat(rules).hasSize(1);
    assertThat(rules.getFirst().getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    return rules.getFirst();
  }

  private static Map<String, Object> spec(HasMetadata rule) {
    return map(((GenericKubernetesResource) rule).getAdditionalProperties().get("spec"));
  }

  private static List<Map<String, Object>> alerts(HasMetadata rule) {
    List<Map<String, Object>> alerts = new ArrayList<>();
    for (Map<String, Object> group : list(spec(rule).get("groups"))) {
      alerts.addAll(list(group.get("rules")));
    }
    return alerts;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> unitTests() throws IOException {
    try (InputStream in =
        ChartAlertsTest.class.getResourceAsStream("/monitoring/alerts-test.yaml")) {
      return SERIALIZATION.unmarshal(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
    }
  }

  /** GitHub's anchors of a Markdown page's headings: lower case, punctuation dropped, dashes. */
  static Set<String> headingAnchors(String markdown) {
    Set<String> anchors = new HashSet<>();
    markdown
        .lines()
        .filter(line -> line.startsWith("#"))
        .map(line -> line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT))
        .map(title -> title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
        .forEach(anchors::add);
    return anchors;
  }

  private static void assertPromtool(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as("promtool %s:\n%s", String.join(" ", args), output).isZero();
    assertThat(output).contains("SUCCESS");
  }

  static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Object value) {
    return value == null ? List.of() : (List<Map<String, Object>>) value;
  }
}
