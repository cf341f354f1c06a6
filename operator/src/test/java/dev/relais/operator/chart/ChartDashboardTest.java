package dev.relais.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard the chart ships in a ConfigMap for Grafana's sidecar: valid JSON, the same
 * as dashboards/relais.json, and every query on metrics that are exported.
 */
class ChartDashboardTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ENABLED = "monitoring:\n  dashboard:\n    enabled: true\n";

  @Test
  void noDashboardByDefault() {
    assertThat(RelaisChart.render().all(ConfigMap.class)).isEmpty();
  }

  @Test
  void theConfigMapCarriesTheSidecarLabelAndTheDashboardFile() throws IOException {
    ConfigMap map =
        RelaisChart.render(ENABLED + "    namespace: grafana\n    labels: {team: sre}\n")
            .one(ConfigMap.class);

    assertThat(map.getMetadata().getLabels())
        .containsEntry("grafana_dashboard", "1")
        .containsEntry("team", "sre");
    assertThat(map.getMetadata().getNamespace()).isEqualTo("grafana");
    assertThat(JSON.readTree(map.getData().get("relais.json")))
        .isEqualTo(
            JSON.readTree(Files.readString(RelaisChart.DIR.resolve("dashboards/relais.json"))));
    assertThat(RelaisChart.render(ENABLED).one(ConfigMap.class).getMetadata().getNamespace())
        .isEqualTo(RelaisChart.NAMESPACE);
  }

  @Test
  void thePanelsAnswerWhatAnSreAsksAndEveryQueryReadsExportedMetrics() throws IOException {
    JsonNode dashboard =
        JSON.readTree(
            RelaisChart.render(ENABLED).one(ConfigMap.class).getData().get("relais.json"));
    List<String> queries = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      titles.add(panel.path("title").asText());
      for (JsonNode target : panel.path("targets")) {
        assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
        queries.add(target.path("expr").asText());
      }
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("type").asText().equals("query")) {
        queries.add(variable.path("query").path("query").asText());
      }
    }
    Set<String> used = new TreeSet<>();
    queries.forEach(query -> used.addAll(QueriedMetrics.in(query)));

    assertThat(dashboard.path("uid").asText()).isEqualTo("relais-overview");
    assertThat(titles)
        .anyMatch(t -> t.contains("submitted"))
        .anyMatch(t -> t.contains("Queue depth"))
        .anyMatch(t -> t.contains("Oldest due"))
        .anyMatch(t -> t.contains("command status"))
        .anyMatch(t -> t.contains("receipt latency"))
        .anyMatch(t -> t.contains("Delivered"))
        .anyMatch(t -> t.contains("Opt-outs"))
        .anyMatch(t -> t.contains("in-doubt"))
        .anyMatch(t -> t.contains("Reconciles"));
    assertThat(used)
        .contains(
            "relais_dispatch_messages_submitted_total",
            "relais_dispatch_receipt_latency_seconds_bucket",
            "relais_contacts_optouts_total",
            "relais_operator_reconciles_total");
    QueriedMetrics.assertExported(used);
  }
}
