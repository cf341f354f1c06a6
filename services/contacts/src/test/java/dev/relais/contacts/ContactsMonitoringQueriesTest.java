package dev.relais.contacts;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.MetricsScrape;
import dev.relais.common.telemetry.MonitoringQueries;
import dev.relais.common.telemetry.Telemetry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every contacts metric the chart's alerts and dashboard query is served by contacts' scrape. */
class ContactsMonitoringQueriesTest {

  @Test
  void theChartQueriesOnlyMetricsContactsExports() {
    try (Telemetry telemetry = Telemetry.create("contacts", null, 1.0);
        ServiceServer server =
            ServiceServer.builder(ServiceConfig.of("contacts", Map.of()), telemetry).start()) {
      new ContactsMetrics(telemetry.meter()).optedOut("KEYWORD");

      MonitoringQueries.assertExported(MetricsScrape.of(server.port()), "relais_contacts_");
    }
  }
}
