package dev.relais.local.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prometheus scraping the local platform, when it is installed (Debian's {@code prometheus}
 * package): a configuration written to its directory with one job, {@value #JOB}, whose targets are
 * a file ({@value #TARGETS}) that the launcher rewrites as processes come and go (Prometheus reads
 * it again on every change), the chart's alert rules, and the server on a free loopback port with
 * its data in the same directory.
 */
public final class LocalPrometheus implements AutoCloseable {

  static final String CONFIG = "prometheus.yml";
  static final String TARGETS = "targets.json";
  static final String RULES = "alerts.yaml";

  /** The job name the chart's ServiceMonitor and PodMonitor give the platform's targets. */
  static final String JOB = "relais";

  /** The chart's alert rules; its runbook links are replaced by the local operations page. */
  static final Path CHART_ALERTS = Path.of("charts/relais/monitoring/alerts.yaml");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One process to scrape.
   *
   * @param namespace the namespace of its pod; empty for a process of the launcher itself
   * @param pod its pod name, or the name of the launcher's own process (the operator)
   * @param component the platform component it runs (contacts, dispatch, operator...); empty if
   *     none
   * @param port the loopback port serving its {@code /metrics}
   */
  public record Target(String namespace, String pod, String component, int port, boolean https) {

    /** A target serving plain HTTP. */
    public Target(String namespace, String pod, String component, int port) {
      this(namespace, pod, component, port, false);
    }
  }

  private final ToolProcess process;
  private final Path dir;
  private final int port;

  private LocalPrometheus(ToolProcess process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The {@code prometheus} program on the PATH, if installed. */
  public static Optional<Path> installed() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "prometheus");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Writes {@value #CONFIG} to {@code dir}, with the alert rules of {@code alerts} when given, and
   * an empty {@value #TARGETS}; returns the configuration file.
   */
  public static Path writeConfig(Path dir, Optional<Path> alerts) throws IOException {
    Files.createDirectories(dir);
    StringBuilder yaml = new StringBuilder();
    yaml.append(
        """
        # Written by the Relais local launcher for the processes of this platform.
        global:
          scrape_interval: 5s
          evaluation_interval: 15s
        """);
    if (alerts.isPresent()) {
      String runbooks =
          Path.of("docs/operations.md").toAbsolutePath().normalize().toUri().toString();
      Files.writeString(
          dir.resolve(RULES), Files.readString(alerts.get()).replace("RUNBOOK_BASE_URL", runbooks));
      yaml.append("rule_files:\n  - ").append(RULES).append('\n');
    }
    yaml.append(
        """
        scrape_configs:
          - job_name: %s
            metrics_path: /metrics
            # Services with mutual TLS serve /metrics over HTTPS (their targets' __scheme__) to any
            # client: as the chart's ServiceMonitor, the server's certificate is not checked.
            tls_config:
              insecure_skip_verify: true
            file_sd_configs:
              - files:
                  - %s
        """
            .formatted(JOB, TARGETS));
    Path config = dir.resolve(CONFIG);
    UpState.replace(config, yaml.toString());
    if (!Files.exists(dir.resolve(TARGETS))) {
      writeTargets(dir, List.of());
    }
    return config;
  }

  /** Rewrites {@value #TARGETS} with {@code targets}, labelled by namespace, pod and component. */
  public static void writeTargets(Path dir, List<Target> targets) throws IOException {
    List<Map<String, Object>> groups = new ArrayList<>();
    for (Target target : targets) {
      Map<String, String> labels = new LinkedHashMap<>();
      if (!target.namespace().isEmpty()) {
        labels.put("namespace", target.namespace());
      }
      labels.put("pod", target.pod());
      if (!target.component().isEmpty()) {
        labels.put("component", target.component());
      }
      if (target.https()) {
        labels.put("__scheme__", "https");
      }
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("targets", List.of("127.0.0.1:" + target.port()));
      group.put("labels", labels);
      groups.add(group);
    }
    UpState.replace(dir.resolve(TARGETS), JSON.writeValueAsString(groups) + "\n");
  }

  /**
   * Starts {@code prometheus} on the configuration of {@code dir} ({@link #writeConfig}), on a free
   * loopback port, its data under {@code dir/data}, recorded in {@code started} as {@code
   * prometheus}.
   */
  public static LocalPrometheus start(
      Path executable, Path dir, Path logFile, StartedProcesses started) throws IOException {
    int port = FreePorts.pick();
    ProcessBuilder builder =
        new ProcessBuilder(
            executable.toString(),
            "--config.file=" + dir.resolve(CONFIG).toAbsolutePath(),
            "--storage.tsdb.path=" + dir.resolve("data").toAbsolutePath(),
            "--storage.tsdb.retention.time=1d",
            "--web.listen-address=127.0.0.1:" + port);
    return new LocalPrometheus(
        ToolProcess.start("Prometheus", builder, logFile, started), dir, port);
  }

  /** Waits until Prometheus says it is ready; fails when it exits or the time runs out. */
  public LocalPrometheus awaitReady(Duration timeout) {
    process.awaitReady(URI.create(url() + "-/ready"), timeout, Duration.ofMillis(250));
    return this;
  }

  /** Scrapes {@code targets} from now on, in place of the previous ones. */
  public void scrape(List<Target> targets) throws IOException {
    writeTargets(dir, targets);
  }

  /** Its configuration file. */
  public Path config() {
    return dir.resolve(CONFIG);
  }

  /** The Prometheus UI. */
  public String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.close();
  }
}
