package dev.relais.operator.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.logging.TraceLogFormat;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ReconcileTracingTest {

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();

  private ReconcileTracing tracing(Map<String, String> properties) {
    return ReconcileTracing.create(
        properties,
        (tracers, config) -> tracers.addSpanProcessor(SimpleSpanProcessor.create(spans)));
  }

  private static Metrics.ControllerExecution<String> reconcile(
      java.util.concurrent.Callable<String> body) {
    return new Metrics.ControllerExecution<>() {
      @Override
      public String name() {
        return "reconcile";
      }

      @Override
      public String controllerName() {
        return "smsplatform";
      }

      @Override
      public String successTypeName(String result) {
        return result;
      }

      @Override
      public ResourceID resourceID() {
        return new ResourceID("relais", "shop");
      }

      @Override
      public Map<String, Object> metadata() {
        return Map.of();
      }

      @Override
      public String execute() throws Exception {
        return body.call();
      }
    };
  }

  @Test
  void eachReconciliationIsASpanOfTheOperatorService() throws Exception {
    try (ReconcileTracing tracing = tracing(Map.of())) {
      String inside =
          tracing.timeControllerExecution(
              reconcile(() -> Span.current().getSpanContext().getTraceId()));
      List<SpanData> finished = spans.getFinishedSpanItems();
      assertThat(finished).hasSize(1);
      SpanData span = finished.get(0);
      assertThat(span.getName()).isEqualTo("reconcile smsplatform");
      assertThat(span.getTraceId()).isEqualTo(inside);
      assertThat(span.getAttributes().get(AttributeKey.stringKey("k8s.object.namespace")))
          .isEqualTo("shop");
      assertThat(span.getAttributes().get(AttributeKey.stringKey("k8s.object.name")))
          .isEqualTo("relais");
      assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name")))
          .isEqualTo("relais-operator");
    }
  }

  @Test
  void aRecordLoggedDuringAReconciliationNamesItsSpanInTheOperatorsJsonLogs() throws Exception {
    TraceLogFormat json = TraceLogFormat.json();
    try (ReconcileTracing tracing = tracing(Map.of())) {
      String line =
          tracing.timeControllerExecution(
              reconcile(
                  () -> json.format(new LogRecord(Level.INFO, "route orange-fr registered"))));
      SpanData span = spans.getFinishedSpanItems().get(0);
      assertThat(line)
          .contains("\"message\":\"route orange-fr registered\"")
          .contains("\"trace_id\":\"" + span.getTraceId() + "\"")
          .contains("\"span_id\":\"" + span.getSpanId() + "\"");
    }
    assertThat(json.format(new LogRecord(Level.INFO, "operator started")))
        .as("outside a reconciliation")
        .doesNotContain("trace_id");
  }

  @Test
  void aFailedReconciliationIsAnErrorSpanAndStillFails() {
    try (ReconcileTracing tracing = tracing(Map.of("otel.service.name", "relais-operator-test"))) {
      assertThatThrownBy(() ->
              tracing.timeControllerExecution(
                  reconcile(() -> {
                    throw new IllegalStateException("Cassandra unreachable");
                  })))
          .hasMessage("Cassandra unreachable");
      SpanData span = spans.getFinishedSpanItems().get(0);
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name")))
          .isEqualTo("relais-operator-test");
    }
  }
}
