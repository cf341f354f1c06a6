package dev.relais.common.telemetry;

import dev.relais.common.config.ServiceConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.logging.Logger;

/**
 * The OpenTelemetry SDK of one service: W3C trace-context propagation always, span export over
 * OTLP/HTTP when {@code otel.endpoint} is set, sampling ratio from {@code otel.sampling}.
 *
 * <p>Spans never carry phone numbers or message bodies: use {@code PersonalData} for attributes.
 */
public final class Telemetry implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Telemetry.class.getName());

  private final OpenTelemetrySdk sdk;
  private final String service;

  private Telemetry(OpenTelemetrySdk sdk, String service) {
    this.sdk = sdk;
    this.service = service;
  }

  /** Builds the SDK from configuration. */
  public static Telemetry create(ServiceConfig config) {
    String endpoint = config.string("otel.endpoint", "");
    SpanExporter exporter =
        endpoint.isBlank()
            ? null
            : OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint.replaceAll("/+$", "") + "/v1/traces")
                .build();
    if (exporter != null) {
      LOG.info(() -> config.service() + ": exporting traces over OTLP to " + endpoint);
    }
    return create(config.service(), exporter, config.decimal("otel.sampling", 1.0));
  }

  /** Builds the SDK with an explicit exporter (null exports nothing), e.g. an in-memory one. */
  public static Telemetry create(String service, SpanExporter exporter, double samplingRatio) {
    SdkTracerProviderBuilder tracers =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                io.opentelemetry.api.common.AttributeKey.stringKey("service.name"),
                                "relais-" + service))))
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(samplingRatio)));
    if (exporter != null) {
      tracers.addSpanProcessor(BatchSpanProcessor.builder(exporter).build());
    }
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(tracers.build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    return new Telemetry(sdk, service);
  }

  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  public Tracer tracer() {
    return sdk.getTracer("dev.relais." + service);
  }

  @Override
  public void close() {
    sdk.close();
  }
}
