package dev.relais.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.server.ServiceServer;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A real gRPC call over loopback between two services keeps one trace from caller to handler. */
class TracePropagationTest {

  @Test
  void traceContextTravelsFromClientSpanToServerSpanAndHandler() throws Exception {
    InMemorySpanExporter serverSpans = InMemorySpanExporter.create();
    InMemorySpanExporter clientSpans = InMemorySpanExporter.create();
    AtomicReference<String> traceSeenByHandler = new AtomicReference<>();
    try (Telemetry serverTelemetry = Telemetry.create("analytics", serverSpans, 1.0);
        Telemetry clientTelemetry = Telemetry.create("scheduler", clientSpans, 1.0);
        ServiceServer server =
            ServiceServer.builder(ServiceConfig.of("analytics", Map.of()), serverTelemetry)
                .grpc(
                    new AnalyticsServiceGrpc.AnalyticsServiceImplBase() {
                      @Override
                      public void getCampaignStats(
                          GetCampaignStatsRequest request, StreamObserver<CampaignStats> out) {
                        traceSeenByHandler.set(Span.current().getSpanContext().getTraceId());
                        out.onNext(CampaignStats.newBuilder().setCampaignId("c1").build());
                        out.onCompleted();
                      }
                    })
                .readiness("always", () -> true)
                .start()) {
      var stub =
          AnalyticsServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), clientTelemetry));
      Span parent = clientTelemetry.tracer().spanBuilder("campaign-run").startSpan();
      try (Scope ignored = parent.makeCurrent()) {
        CampaignStats stats =
            stub.getCampaignStats(GetCampaignStatsRequest.newBuilder().setCampaignId("c1").build());
        assertThat(stats.getCampaignId()).isEqualTo("c1");
      } finally {
        parent.end();
      }
      ((io.opentelemetry.sdk.OpenTelemetrySdk) serverTelemetry.openTelemetry())
          .getSdkTracerProvider()
          .forceFlush()
          .join(5, java.util.concurrent.TimeUnit.SECONDS);
      ((io.opentelemetry.sdk.OpenTelemetrySdk) clientTelemetry.openTelemetry())
          .getSdkTracerProvider()
          .forceFlush()
          .join(5, java.util.concurrent.TimeUnit.SECONDS);

      String traceId = parent.getSpanContext().getTraceId();
      assertThat(traceSeenByHandler.get()).isEqualTo(traceId);
      List<SpanData> server1 = serverSpans.getFinishedSpanItems();
      assertThat(server1)
          .singleElement()
          .satisfies(s -> {
            assertThat(s.getKind()).isEqualTo(SpanKind.SERVER);
            assertThat(s.getTraceId()).isEqualTo(traceId);
            assertThat(s.getName())
                .isEqualTo("relais.analytics.v1.AnalyticsService/GetCampaignStats");
          });
      assertThat(clientSpans.getFinishedSpanItems())
          .anySatisfy(s -> {
            assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(s.getSpanId()).isEqualTo(server1.get(0).getParentSpanId());
          });

      HttpResponse<String> ready =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/health/ready"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"always\":\"UP\"");
    }
  }

  @Test
  void aCallMadeOutsideAnySpanStartsNoTraceOnEitherSide() throws Exception {
    InMemorySpanExporter serverSpans = InMemorySpanExporter.create();
    InMemorySpanExporter clientSpans = InMemorySpanExporter.create();
    AtomicReference<SpanContext> seenByHandler = new AtomicReference<>();
    try (Telemetry serverTelemetry = Telemetry.create("analytics", serverSpans, 1.0);
        Telemetry clientTelemetry = Telemetry.create("dispatch", clientSpans, 1.0);
        ServiceServer server =
            ServiceServer.builder(ServiceConfig.of("analytics", Map.of()), serverTelemetry)
                .grpc(
                    new AnalyticsServiceGrpc.AnalyticsServiceImplBase() {
                      @Override
                      public void getCampaignStats(
                          GetCampaignStatsRequest request, StreamObserver<CampaignStats> out) {
                        seenByHandler.set(Span.current().getSpanContext());
                        out.onNext(CampaignStats.newBuilder().setCampaignId("c1").build());
                        out.onCompleted();
                      }
                    })
                .start()) {
      var stub =
          AnalyticsServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), clientTelemetry));
      // As a poller does: one call a second, no span current.
      for (int i = 0; i < 3; i++) {
        stub.getCampaignStats(GetCampaignStatsRequest.newBuilder().setCampaignId("c1").build());
      }
      flush(serverTelemetry);
      flush(clientTelemetry);

      assertThat(seenByHandler.get().isSampled()).isFalse();
      assertThat(clientSpans.getFinishedSpanItems()).isEmpty();
      assertThat(serverSpans.getFinishedSpanItems()).isEmpty();
    }
  }

  private static void flush(Telemetry telemetry) {
    ((io.opentelemetry.sdk.OpenTelemetrySdk) telemetry.openTelemetry())
        .getSdkTracerProvider()
        .forceFlush()
        .join(5, java.util.concurrent.TimeUnit.SECONDS);
  }
}
