package dev.relais.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Relais metrics that PromQL of the chart (alerts, dashboard) queries, checked against what the
 * processes export. The operator's names are checked here against its real scrape; each service's
 * names against that service's scrape by its {@code *MonitoringQueriesTest} (contacts, scheduler,
 * dispatch, analytics), so a name of any other prefix is refused.
 */
final class QueriedMetrics {

  private static final Pattern METRIC = Pattern.compile("\\brelais_[a-z0-9_]+");
  private static final Pattern SERVICE_METRIC =
      Pattern.compile("relais_(contacts|scheduler|dispatch|analytics)_[a-z0-9_]+");

  private QueriedMetrics() {}

  static Set<String> in(String promql) {
    Set<String> names = new TreeSet<>();
    Matcher matcher = METRIC.matcher(promql);
    while (matcher.find()) {
      names.add(matcher.group());
    }
    return names;
  }

  /** Fails unless every Relais metric in {@code names} is one a Relais process exports. */
  static void assertExported(Set<String> names) {
    Set<String> operatorSeries = OperatorScrape.seriesNames();
    assertThat(operatorSeries).as("the operator's scrape").isNotEmpty();
    for (String name : names) {
      if (name.startsWith("relais_operator_")) {
        assertThat(operatorSeries).as("series the operator exports").contains(name);
      } else {
        assertThat(name)
            .as("a metric of a service whose *MonitoringQueriesTest checks it")
            .matches(SERVICE_METRIC);
      }
    }
  }
}
