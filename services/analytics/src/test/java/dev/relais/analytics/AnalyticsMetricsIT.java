package dev.relais.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.MetricsScrape;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The analytics service's {@code GET /metrics} after real batches of events. */
class AnalyticsMetricsIT {

  private static final String KEYSPACE =
      "it_analytics_metrics_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);

  @Test
  void theScrapeCountsEachRecordedEventOnceByType() {
    ServiceConfig config =
        ServiceConfig.of(
            "analytics",
            Map.of(
                "cassandra.hosts",
                SharedCassandra.contactPoint(),
                "cassandra.datacenter",
                SharedCassandra.localDatacenter(),
                "cassandra.keyspace",
                KEYSPACE,
                "server.port",
                "0"));
    try (AnalyticsServer server = AnalyticsServer.start(config);
        Telemetry client = Telemetry.create("analytics-metrics-it", null, 1.0)) {
      var analytics =
          AnalyticsServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), client));
      String campaign = "shop/metrics";
      List<MessageEvent> events =
          List.of(
              event(campaign, EventType.EVENT_TYPE_SUBMITTED),
              event(campaign, EventType.EVENT_TYPE_SUBMITTED),
              event(campaign, EventType.EVENT_TYPE_SUBMITTED),
              event(campaign, EventType.EVENT_TYPE_DELIVERED),
              event(campaign, EventType.EVENT_TYPE_UNDELIVERED));
      RecordEventsRequest batch =
          RecordEventsRequest.newBuilder()
              .setBatchId(UUID.randomUUID().toString())
              .addAllEvents(events)
              .build();
      assertThat(
              analytics.withDeadlineAfter(60, TimeUnit.SECONDS).recordEvents(batch).getAccepted())
          .isEqualTo(5);
      // The same batch again (a retry): analytics counts it once, and so does the metric.
      assertThat(
              analytics.withDeadlineAfter(60, TimeUnit.SECONDS).recordEvents(batch).getAccepted())
          .isZero();

      MetricsScrape scrape = MetricsScrape.of(server.port());
      assertThat(scrape.value("relais_analytics_events_total", Map.of("type", "submitted")))
          .isEqualTo(3);
      assertThat(scrape.value("relais_analytics_events_total", Map.of("type", "delivered")))
          .isEqualTo(1);
      assertThat(scrape.value("relais_analytics_events_total", Map.of("type", "undelivered")))
          .isEqualTo(1);
      assertThat(scrape.value("relais_analytics_events_total")).isEqualTo(5);
      scrape.assertNoPersonalData();
    } finally {
      try (CqlSession cql =
          CassandraConnector.connect(
              CassandraConnector.Settings.from(config, "analytics"), KEYSPACE)) {
        SharedCassandra.dropQuietly(cql, KEYSPACE); // the node is shared: leave nothing behind
      }
    }
  }

  private static MessageEvent event(String campaign, EventType type) {
    return MessageEvent.newBuilder()
        .setCampaignId(campaign)
        .setMessageId(UUID.randomUUID().toString())
        .setType(type)
        .build();
  }
}
