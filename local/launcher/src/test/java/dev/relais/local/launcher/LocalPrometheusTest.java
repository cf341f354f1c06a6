package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus configuration the launcher writes: one target per process, labelled by namespace
 * and pod, the chart's alert rules, and a configuration Prometheus' own promtool accepts (when the
 * prometheus package is installed).
 */
class LocalPrometheusTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The chart's rules, from the tests' working directory (local/launcher). */
  private static final Path ALERTS = Path.of("../..").resolve(LocalPrometheus.CHART_ALERTS);

  private static final List<LocalPrometheus.Target> PLATFORM =
      List.of(
          new LocalPrometheus.Target("", "relais-operator", "operator", 40001),
          new LocalPrometheus.Target("relais-demo", "relais-contacts-0", "contacts", 40002),
          new LocalPrometheus.Target("relais-demo", "relais-scheduler-0", "scheduler", 40003),
          new LocalPrometheus.Target("relais-demo", "relais-analytics-0", "analytics", 40004),
          new LocalPrometheus.Target(
              "relais-demo", "relais-dispatch-quickstart-0", "dispatch", 40005),
          new LocalPrometheus.Target(
              "relais-demo", "relais-dispatch-quickstart-1", "dispatch", 40006));

  @TempDir Path dir;

  @Test
  void aServiceWithMutualTlsIsScrapedOverHttpsWithoutCheckingItsCertificate() throws IOException {
    LocalPrometheus.writeConfig(dir, Optional.empty());
    LocalPrometheus.writeTargets(
        dir,
        List.of(
            new LocalPrometheus.Target("", "relais-operator", "operator", 40001),
            new LocalPrometheus.Target(
                "relais-demo", "relais-contacts-0", "contacts", 40002, true)));

    JsonNode groups = JSON.readTree(dir.resolve(LocalPrometheus.TARGETS).toFile());

    assertThat(groups.get(0).path("labels").has("__scheme__")).isFalse();
    assertThat(groups.get(1).path("labels").path("__scheme__").asText()).isEqualTo("https");
    assertThat(Files.readString(dir.resolve(LocalPrometheus.CONFIG)))
        .contains("insecure_skip_verify: true");
  }

  @Test
  void everyProcessIsATargetLabelledWithItsPod() throws IOException {
    LocalPrometheus.writeConfig(dir, Optional.empty());
    LocalPrometheus.writeTargets(dir, PLATFORM);

    JsonNode groups = JSON.readTree(dir.resolve(LocalPrometheus.TARGETS).toFile());

    List<String> scraped = new ArrayList<>();
    for (JsonNode group : groups) {
      assertThat(group.path("targets")).hasSize(1);
      JsonNode labels = group.path("labels");
      scraped.add(
          labels.path("namespace").asText("-")
              + " "
              + labels.path("pod").asText()
              + " "
              + labels.path("component").asText()
              + " "
              + group.path("targets").get(0).asText());
    }
    assertThat(scraped)
        .containsExactly(
            "- relais-operator operator 127.0.0.1:40001",
            "relais-demo relais-contacts-0 contacts 127.0.0.1:40002",
            "relais-demo relais-scheduler-0 scheduler 127.0.0.1:40003",
            "relais-demo relais-analytics-0 analytics 127.0.0.1:40004",
            "relais-demo relais-dispatch-quickstart-0 dispatch 127.0.0.1:40005",
            "relais-demo relais-dispatch-quickstart-1 dispatch 127.0.0.1:40006");
    String config = Files.readString(dir.resolve(LocalPrometheus.CONFIG));
    assertThat(config)
        .contains("job_name: " + LocalPrometheus.JOB)
        .contains("metrics_path: /metrics")
        .contains("- " + LocalPrometheus.TARGETS)
        .doesNotContain("rule_files");
  }

  @Test
  void aProcessGoneIsNoLongerScraped() throws IOException {
    LocalPrometheus.writeConfig(dir, Optional.empty());
    LocalPrometheus.writeTargets(dir, PLATFORM);
    LocalPrometheus.writeTargets(dir, PLATFORM.subList(0, 5));

    assertThat(Files.readString(dir.resolve(LocalPrometheus.TARGETS)))
        .contains("relais-dispatch-quickstart-0")
        .doesNotContain("relais-dispatch-quickstart-1");
  }

  @Test
  void theChartsAlertRulesAreLoadedWithLocalRunbookLinks() throws IOException {
    LocalPrometheus.writeConfig(dir, Optional.of(ALERTS));

    assertThat(Files.readString(dir.resolve(LocalPrometheus.CONFIG)))
        .contains("rule_files:\n  - " + LocalPrometheus.RULES);
    String rules = Files.readString(dir.resolve(LocalPrometheus.RULES));
    assertThat(rules)
        .contains("alert: RelaisDispatchQueueBehind")
        .doesNotContain("RUNBOOK_BASE_URL")
        .contains("docs/operations.md#relaisdispatchqueuebehind");
  }

  @Test
  void promtoolAcceptsTheConfigurationItsTargetsAndRules() throws Exception {
    Assumptions.assumeTrue(
        onPath("promtool"),
        "skipped: promtool is not installed (apt-get install prometheus); the generated"
            + " configuration was not checked by Prometheus");
    LocalPrometheus.writeConfig(dir, Optional.of(ALERTS));
    LocalPrometheus.writeTargets(dir, PLATFORM);

    Result check = promtool("check", "config", LocalPrometheus.CONFIG);

    assertThat(check.status()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS").contains(LocalPrometheus.RULES);

    // promtool reads the targets file too: a broken one fails the check.
    Files.writeString(dir.resolve(LocalPrometheus.TARGETS), "[{\"targets\": 127}]");
    assertThat(promtool("check", "config", LocalPrometheus.CONFIG).status()).isNotZero();
  }

  @Test
  void prometheusIsRecordedForDownAsSoonAsItStarts() throws IOException {
    // A stand-in that never answers: what matters is the record made before any readiness.
    Path executable = dir.resolve("bin/prometheus");
    Files.createDirectories(executable.getParent());
    Files.writeString(executable, "#!/bin/sh\nexec sleep 60\n");
    executable.toFile().setExecutable(true);
    Path processes = dir.resolve("processes");

    try (LocalPrometheus prometheus =
        LocalPrometheus.start(
            executable,
            dir,
            dir.resolve("prometheus.log"),
            StartedProcesses.recordedIn(processes))) {
      assertThat(Files.readAllLines(processes))
          .containsExactly(
              prometheus.pid()
                  + "\t"
                  + ToolProcessTest.startSecond(prometheus.pid())
                  + "\tprometheus");
    }
  }

  private record Result(int status, String output) {}

  private Result promtool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("promtool"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
