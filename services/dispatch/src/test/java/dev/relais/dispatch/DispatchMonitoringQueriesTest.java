package dev.relais.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.MetricsScrape;
import dev.relais.common.telemetry.MonitoringQueries;
import dev.relais.common.telemetry.Telemetry;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every dispatch metric the chart's alerts and dashboard query is served by a dispatcher's {@code
 * GET /metrics}, with the label values the alerts select.
 */
class DispatchMonitoringQueriesTest {

  @Test
  void theChartQueriesOnlyMetricsAndLabelsDispatchExports() {
    try (Telemetry telemetry = Telemetry.create("dispatch", null, 1.0);
        ServiceServer server =
            ServiceServer.builder(ServiceConfig.of("dispatch", Map.of()), telemetry).start()) {
      DispatchMetrics metrics = new DispatchMetrics(telemetry.meter(), "orange");
      DispatchStats stats = new DispatchStats(Clock.systemUTC(), metrics);
      metrics.observe(telemetry.meter(), stats, () -> 3, () -> 12.5, () -> 2, () -> 1, 50);
      metrics.observeOptOuts(telemetry.meter(), () -> 4.0);
      // What one submit accepted, one throttled and one delivered receipt record.
      metrics.submitResponse(0x0, 2_000_000);
      metrics.submitResponse(0x58, 1_000_000);
      metrics.receipt("DELIVRD", 0, System.nanoTime() - 3_000_000_000L);
      metrics.receipt("UNDELIV", 1, System.nanoTime() - 5_000_000_000L);

      MetricsScrape scrape = MetricsScrape.of(server.port());

      MonitoringQueries.assertExported(scrape, "relais_dispatch_");
      assertThat(
              scrape.has(
                  "relais_dispatch_submit_sm_responses_total",
                  Map.of("route", "orange", "command_status", "0x0")))
          .as("accepted submits are command_status=\"0x0\"")
          .isTrue();
      assertThat(
              scrape.has(
                  "relais_dispatch_submit_sm_responses_total",
                  Map.of("route", "orange", "command_status", "0x58")))
          .as("throttled submits are command_status=\"0x58\"")
          .isTrue();
      assertThat(
              scrape.has(
                  "relais_dispatch_receipts_total",
                  Map.of("route", "orange", "state", "DELIVRD", "error_code", "000")))
          .isTrue();
      assertThat(
              scrape.value(
                  "relais_dispatch_queue_oldest_due_age_seconds", Map.of("route", "orange")))
          .isEqualTo(12.5);
    }
  }
}
