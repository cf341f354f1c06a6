package dev.relais.common.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The standard OTEL_* settings, in the SDK's property form, and what the SDK becomes of them. */
class TelemetryConfigurationTest {

  private static String attribute(Resource resource, String key) {
    return resource.getAttribute(AttributeKey.stringKey(key));
  }

  private static OpenTelemetrySdk sdk(Telemetry telemetry) {
    return (OpenTelemetrySdk) telemetry.openTelemetry();
  }

  @Test
  void withoutAnEndpointNothingIsExportedAndTheServiceIsNamed() {
    try (Telemetry telemetry = Telemetry.builder("contacts").build()) {
      assertThat(attribute(telemetry.resource(), "service.name")).isEqualTo("relais-contacts");
      assertThat(attribute(telemetry.resource(), "service.version"))
          .isEqualTo(Telemetry.buildVersion())
          .isNotEqualTo("unknown");
      assertThat(attribute(telemetry.resource(), "service.instance.id")).isNotBlank();
      assertThat(sdk(telemetry).getSdkTracerProvider().toString()).doesNotContain("Exporter");
      // Traces still flow through the process (and into log lines).
      Span span = telemetry.tracer().spanBuilder("work").startSpan();
      assertThat(span.getSpanContext().isValid()).isTrue();
      span.end();
    }
  }

  @Test
  void anOtlpHttpEndpointReceivesTheSpansWithTheConfiguredHeaders() throws Exception {
    HttpServer collector =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    BlockingQueue<String> requests = new ArrayBlockingQueue<>(10);
    collector.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          requests.add(
              exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization")
                  + " "
                  + new String(body, StandardCharsets.ISO_8859_1));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    try {
      String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
      try (Telemetry telemetry =
          Telemetry.builder("scheduler")
              .properties(
                  Map.of(
                      "otel.exporter.otlp.endpoint", endpoint,
                      "otel.exporter.otlp.protocol", "http/protobuf",
                      "otel.exporter.otlp.headers", "Authorization=Bearer t0ken"))
              .build()) {
        telemetry.tracer().spanBuilder("campaign-run").startSpan().end();
      }
      String request = requests.poll(30, TimeUnit.SECONDS);
      assertThat(request)
          .startsWith("/v1/traces Bearer t0ken ")
          .contains("relais-scheduler")
          .contains("campaign-run");
    } finally {
      collector.stop(0);
    }
  }

  @Test
  void grpcProtocolExportsOverGrpc() {
    try (Telemetry telemetry =
        Telemetry.builder("analytics")
            .properties(
                Map.of(
                    "otel.exporter.otlp.endpoint", "http://collector.observability:4317",
                    "otel.exporter.otlp.protocol", "grpc"))
            .build()) {
      assertThat(sdk(telemetry).getSdkTracerProvider().toString())
          .contains("OtlpGrpcSpanExporter")
          .contains("collector.observability:4317");
    }
  }

  @Test
  void theSamplerIsTheStandardOne() {
    try (Telemetry telemetry =
        Telemetry.builder("analytics")
            .properties(
                Map.of(
                    "otel.traces.sampler", "parentbased_traceidratio",
                    "otel.traces.sampler.arg", "0.25"))
            .build()) {
      assertThat(sdk(telemetry).getSdkTracerProvider().getSampler().getDescription())
          .startsWith("ParentBased{root:TraceIdRatioBased{0.250000}");
    }
  }

  @Test
  void resourceAttributesComeFromTheEnvironmentAndTheRoute() {
    try (Telemetry telemetry =
        Telemetry.builder("dispatch")
            .properties(
                Map.of(
                    "otel.service.name",
                    "relais-dispatch",
                    "otel.resource.attributes",
                    "k8s.namespace.name=sms,k8s.pod.name=relais-dispatch-orange-7d9f,"
                        + "service.instance.id=relais-dispatch-orange-7d9f"))
            .resourceAttribute(Telemetry.ROUTE, "orange")
            .build()) {
      Resource resource = telemetry.resource();
      assertThat(attribute(resource, "service.name")).isEqualTo("relais-dispatch");
      assertThat(attribute(resource, "k8s.namespace.name")).isEqualTo("sms");
      assertThat(attribute(resource, "k8s.pod.name")).isEqualTo("relais-dispatch-orange-7d9f");
      assertThat(attribute(resource, "service.instance.id"))
          .isEqualTo("relais-dispatch-orange-7d9f");
      assertThat(attribute(resource, "relais.route")).isEqualTo("orange");
    }
  }

  @Test
  void aDisabledSdkExportsNothingEvenWithAnEndpoint() {
    try (Telemetry telemetry =
        Telemetry.builder("contacts")
            .properties(
                Map.of(
                    "otel.sdk.disabled", "true",
                    "otel.exporter.otlp.endpoint", "http://collector.observability:4318"))
            .build()) {
      assertThat(sdk(telemetry).getSdkTracerProvider().toString())
          .doesNotContain("Exporter")
          .doesNotContain("collector.observability");
    }
  }

  @Test
  void meterProviderCustomizersRegisterTheirReaders() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (Telemetry telemetry =
        Telemetry.builder("scheduler")
            .addMeterProviderCustomizer((meters, config) -> meters.registerMetricReader(reader))
            .build()) {
      telemetry.openTelemetry().getMeter("test").counterBuilder("relais.test").build().add(3);
      Collection<MetricData> metrics = reader.collectAllMetrics();
      assertThat(metrics).extracting(MetricData::getName).contains("relais.test");
      assertThat(attribute(metrics.iterator().next().getResource(), "service.name"))
          .isEqualTo("relais-scheduler");
    }
  }
}
