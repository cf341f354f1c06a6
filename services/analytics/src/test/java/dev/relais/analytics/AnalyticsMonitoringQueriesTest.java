package dev.relais.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.MetricsScrape;
import dev.relais.common.telemetry.MonitoringQueries;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every analytics metric the chart's alerts and dashboard query is served by analytics' scrape. */
class AnalyticsMonitoringQueriesTest {

  @Test
  void theChartQueriesOnlyMetricsAndLabelsAnalyticsExports() {
    try (Telemetry telemetry = Telemetry.create("analytics", null, 1.0);
        ServiceServer server =
            ServiceServer.builder(ServiceConfig.of("analytics", Map.of()), telemetry).start()) {
      AnalyticsMetrics metrics = new AnalyticsMetrics(telemetry.meter());
      metrics.recorded(
          List.of(
              MessageEvent.newBuilder().setType(EventType.EVENT_TYPE_SUBMITTED).build(),
              MessageEvent.newBuilder().setType(EventType.EVENT_TYPE_DELIVERED).build()));

      MetricsScrape scrape = MetricsScrape.of(server.port());

      MonitoringQueries.assertExported(scrape, "relais_analytics_");
      // RelaisAnalyticsEventsMissing selects the submitted events by this label value.
      assertThat(scrape.value("relais_analytics_events_total", Map.of("type", "submitted")))
          .isEqualTo(1);
    }
  }
}
