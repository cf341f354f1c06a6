package dev.relais.operator.telemetry;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.logging.Logger;

/**
 * The operator's traces: one span per reconciliation of a resource, through JOSDK's monitoring
 * hook, with an SDK built by OpenTelemetry's autoconfiguration from the standard OTEL_* variables
 * the chart sets (values {@code telemetry.*}; docs/operations.md). As for the services, nothing is
 * exported unless an OTLP endpoint is set, and metric and log export stay off unless configured.
 */
public final class ReconcileTracing implements Metrics, AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ReconcileTracing.class.getName());

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;

  private ReconcileTracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
    this.tracer = sdk.getTracer("dev.relais.operator");
  }

  /** The tracing of the operator process, from its environment. */
  public static ReconcileTracing fromEnvironment() {
    return create(Map.of(), (tracers, config) -> tracers);
  }

  /**
   * Tracing with {@code properties} (the SDK's property form, over the environment) and a tracer
   * provider customizer, e.g. one adding an in-memory exporter in tests.
   */
  public static ReconcileTracing create(
      Map<String, String> properties,
      BiFunction<SdkTracerProviderBuilder, ConfigProperties, SdkTracerProviderBuilder> tracers) {
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .disableShutdownHook()
            .addPropertiesCustomizer(config -> new HashMap<>(properties))
            .addPropertiesCustomizer(ReconcileTracing::defaults)
            .addTracerProviderCustomizer(tracers)
            .build()
            .getOpenTelemetrySdk();
    LOG.fine(() -> "operator tracing: " + sdk.getSdkTracerProvider());
    return new ReconcileTracing(sdk);
  }

  private static Map<String, String> defaults(ConfigProperties config) {
    Map<String, String> defaults = new HashMap<>();
    if (config.getString("otel.service.name") == null) {
      defaults.put("otel.service.name", "relais-operator");
    }
    boolean endpoint =
        config.getString("otel.exporter.otlp.endpoint") != null
            || config.getString("otel.exporter.otlp.traces.endpoint") != null;
    if (config.getString("otel.traces.exporter") == null && !endpoint) {
      defaults.put("otel.traces.exporter", "none");
    }
    defaults.putIfAbsent(
        "otel.metrics.exporter", config.getString("otel.metrics.exporter", "none"));
    defaults.putIfAbsent("otel.logs.exporter", config.getString("otel.logs.exporter", "none"));
    return defaults;
  }

  /** The operator's SDK, e.g. for its gRPC clients to continue the reconcile's trace. */
  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    ResourceID resource = execution.resourceID();
    Span span =
        tracer
            .spanBuilder(execution.name() + " " + execution.controllerName())
            .setAttribute(AttributeKey.stringKey("relais.controller"), execution.controllerName())
            .setAttribute(AttributeKey.stringKey("k8s.object.name"), resource.getName())
            .setAttribute(
                AttributeKey.stringKey("k8s.object.namespace"), resource.getNamespace().orElse(""))
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      T result = execution.execute();
      span.setAttribute(
          AttributeKey.stringKey("relais.reconcile.result"), execution.successTypeName(result));
      return result;
    } catch (Exception e) {
      span.recordException(e);
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  @Override
  public void close() {
    sdk.close();
  }
}
