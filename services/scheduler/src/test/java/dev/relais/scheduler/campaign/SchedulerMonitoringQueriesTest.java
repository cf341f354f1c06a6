package dev.relais.scheduler.campaign;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.MetricsScrape;
import dev.relais.common.telemetry.MonitoringQueries;
import dev.relais.common.telemetry.Telemetry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every scheduler metric the chart's alerts and dashboard query is served by the scheduler. */
class SchedulerMonitoringQueriesTest {

  @Test
  void theChartQueriesOnlyMetricsTheSchedulerExports() {
    try (Telemetry telemetry = Telemetry.create("scheduler", null, 1.0);
        ServiceServer server =
            ServiceServer.builder(ServiceConfig.of("scheduler", Map.of()), telemetry).start()) {
      new SchedulerMetrics(telemetry.meter())
          .progressed(
              "spring-sale",
              CampaignProgress.NONE,
              new CampaignProgress(10, Map.of("opted-out", 2L), 8, 8, "", true));

      MonitoringQueries.assertExported(MetricsScrape.of(server.port()), "relais_scheduler_");
    }
  }
}
