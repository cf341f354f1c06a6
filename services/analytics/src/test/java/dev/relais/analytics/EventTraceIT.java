package dev.relais.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.protobuf.Timestamp;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.telemetry.TraceParent;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Events of a message sampled for tracing are recorded in the message's trace; the batch, sent by a
 * dispatcher outside any span, starts no trace of its own.
 */
class EventTraceIT {

  @Test
  void aTracedMessagesEventIsRecordedInItsTraceAndTheBatchStartsNone() {
    String keyspace =
        "it_evtrace_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    ServiceConfig config =
        ServiceConfig.of(
            "analytics",
            Map.of(
                "cassandra.hosts",
                SharedCassandra.contactPoint(),
                "cassandra.datacenter",
                SharedCassandra.localDatacenter(),
                "cassandra.keyspace",
                keyspace,
                "server.port",
                "0"));
    Telemetry telemetry = Telemetry.create("analytics", spans, 1.0);
    try (Telemetry dispatch = Telemetry.create("dispatch", null, 1.0);
        AnalyticsServer server = AnalyticsServer.start(config, telemetry)) {
      Span message = dispatch.tracer().spanBuilder("queue message").startSpan();
      message.end();
      String traced = UUID.randomUUID().toString();
      Instant now = Instant.now();
      Timestamp at = Timestamp.newBuilder().setSeconds(now.getEpochSecond()).build();
      MessageEvent.Builder event =
          MessageEvent.newBuilder()
              .setCampaignId("shop/traced")
              .setType(EventType.EVENT_TYPE_SUBMITTED)
              .setOccurredAt(at)
              .setRoute("orange")
              .setParts(1)
              .setSmscMessageId("smsc-1");
      var stub =
          AnalyticsServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), dispatch));
      stub.recordEvents(
          RecordEventsRequest.newBuilder()
              .setBatchId("batch-" + UUID.randomUUID())
              .addEvents(event.clone().setMessageId(traced).setTraceparent(TraceParent.of(message)))
              .addEvents(event.clone().setMessageId(UUID.randomUUID().toString()))
              .addEvents(event.clone().setMessageId(UUID.randomUUID().toString()))
              .build());
      ((OpenTelemetrySdk) telemetry.openTelemetry())
          .getSdkTracerProvider()
          .forceFlush()
          .join(10, TimeUnit.SECONDS);

      List<SpanData> finished = spans.getFinishedSpanItems();
      assertThat(finished)
          .singleElement()
          .satisfies(s -> {
            assertThat(s.getName()).isEqualTo("record event");
            assertThat(s.getTraceId()).isEqualTo(message.getSpanContext().getTraceId());
            assertThat(s.getParentSpanId()).isEqualTo(message.getSpanContext().getSpanId());
            assertThat(s.getAttributes().get(AttributeKey.stringKey("message.id")))
                .isEqualTo(traced);
            assertThat(s.getAttributes().get(AttributeKey.stringKey("relais.event.type")))
                .isEqualTo("EVENT_TYPE_SUBMITTED");
          });
    } finally {
      // The node is shared with other modules' tests: leave nothing behind.
      try (CqlSession cql =
          CassandraConnector.connect(CassandraConnector.Settings.from(config, "analytics"), null)) {
        SharedCassandra.dropQuietly(cql, keyspace);
      }
    }
  }
}
