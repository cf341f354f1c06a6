package dev.relais.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The Relais metric names that the Helm chart's alerts ({@code monitoring/alerts.yaml}) and Grafana
 * dashboard ({@code dashboards/relais.json}) query, to be checked against a real scrape of the
 * process that exports them: an alert on a name nobody exports never fires.
 */
public final class MonitoringQueries {

  /** A Relais metric name as it appears in PromQL (a histogram's {@code _bucket} included). */
  public static final Pattern METRIC = Pattern.compile("\\brelais_[a-z0-9_]+");

  /** The chart's files that hold queries, relative to the chart's directory. */
  public static final Set<String> FILES =
      Set.of("monitoring/alerts.yaml", "dashboards/relais.json");

  private MonitoringQueries() {}

  /** The Relais metric names used in {@code text}. */
  public static Set<String> metricNames(String text) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = METRIC.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group());
    }
    return names;
  }

  /** The names the chart's alerts and dashboard use that start with {@code prefix}. */
  public static Set<String> usedByChart(String prefix) {
    Path chart = chartDir();
    Set<String> names = new TreeSet<>();
    for (String file : FILES) {
      try {
        names.addAll(metricNames(Files.readString(chart.resolve(file))));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return names.stream()
        .filter(name -> name.startsWith(prefix))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Asserts that every name starting with {@code prefix} that the chart queries is a sample of
   * {@code scrape}, and that the chart queries at least one.
   */
  public static void assertExported(MetricsScrape scrape, String prefix) {
    Set<String> used = usedByChart(prefix);
    Set<String> exported =
        scrape.samples().stream().map(MetricsScrape.Sample::name).collect(Collectors.toSet());
    assertThat(used).as("metrics the chart queries starting with %s", prefix).isNotEmpty();
    assertThat(exported)
        .as("metrics exported by the scrape, against the chart's alerts and dashboard")
        .containsAll(used);
  }

  /** {@code charts/relais}, found from the module's directory (where Surefire runs). */
  private static Path chartDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path chart = dir.resolve("charts/relais");
      if (Files.isDirectory(chart)) {
        return chart;
      }
    }
    throw new IllegalStateException(
        "charts/relais not found above " + Path.of("").toAbsolutePath());
  }
}
