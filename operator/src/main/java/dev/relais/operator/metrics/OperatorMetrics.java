package dev.relais.operator.metrics;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's metrics, read by Prometheus at {@code GET /metrics} on its health port: JOSDK's
 * reconciles per resource kind (count, duration, errors), through its {@link Metrics} hook, and the
 * dispatch autoscaler's decisions per route. Labels: kind, outcome, route (namespace/name) and
 * direction only.
 */
public final class OperatorMetrics implements Metrics, AutoScalingMetrics, AutoCloseable {

  static final AttributeKey<String> KIND = AttributeKey.stringKey("kind");
  static final AttributeKey<String> RESULT = AttributeKey.stringKey("result");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("route");
  static final AttributeKey<String> DIRECTION = AttributeKey.stringKey("direction");

  private static final List<Double> DURATION_BUCKETS =
      List.of(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);

  private final PrometheusMetricReader reader = PrometheusMetricReader.builder().build();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final SdkMeterProvider provider;
  private final LongCounter reconciles;
  private final DoubleHistogram reconcileDuration;
  private final LongCounter reconcileErrors;
  private final LongCounter scalings;
  private final Map<String, Attributes> byKind = new ConcurrentHashMap<>();
  private final Map<String, Long> desired = new ConcurrentHashMap<>();
  private final Metrics within;

  public OperatorMetrics() {
    this(Metrics.NOOP);
  }

  /**
   * Metrics whose measurement of each controller execution encloses {@code within}'s (e.g. the
   * reconcile's trace span): JOSDK times an execution with one Metrics only.
   */
  public OperatorMetrics(Metrics within) {
    this.within = within;
    provider =
        SdkMeterProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(
                        Resource.create(
                            Attributes.of(
                                AttributeKey.stringKey("service.name"), "relais-operator"))))
            .registerMetricReader(reader)
            .build();
    Meter meter = provider.get("dev.relais.operator");
    reconciles =
        meter
            .counterBuilder("relais.operator.reconciles")
            .setDescription("Reconciles run, per resource kind and result (success or error)")
            .setUnit("{reconcile}")
            .build();
    reconcileDuration =
        meter
            .histogramBuilder("relais.operator.reconcile.duration")
            .setDescription("Time one reconcile took, per resource kind")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
            .build();
    reconcileErrors =
        meter
            .counterBuilder("relais.operator.reconcile.errors")
            .setDescription("Reconciles that failed (JOSDK retries them), per resource kind")
            .setUnit("{reconcile}")
            .build();
    scalings =
        meter
            .counterBuilder("relais.operator.autoscaler.decisions")
            .setDescription(
                "Dispatch Deployments scaled by the autoscaler, per route and direction")
            .setUnit("{decision}")
            .build();
    meter
        .gaugeBuilder("relais.operator.autoscaler.desired_replicas")
        .ofLongs()
        .setDescription("Dispatch replicas the autoscaler wants for each route")
        .setUnit("{replica}")
        .buildWithCallback(
            m -> desired.forEach((route, replicas) -> m.record(replicas, routeAttributes(route))));
  }

  /** Content type of {@link #write}'s output. */
  public String contentType() {
    return writer.getContentType();
  }

  /** Writes every metric's current value in Prometheus' text format. */
  public void write(OutputStream out) throws IOException {
    writer.write(out, reader.collect(), EscapingScheme.UNDERSCORE_ESCAPING);
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    if (!"reconcile".equals(execution.name())) {
      return within.timeControllerExecution(execution); // cleanup: not a reconcile
    }
    Attributes kind = kindAttributes(kindOf(execution));
    long started = System.nanoTime();
    boolean ok = false;
    try {
      T result = within.timeControllerExecution(execution);
      ok = true;
      return result;
    } finally {
      reconcileDuration.record((System.nanoTime() - started) / 1e9, kind);
      reconciles.add(1, kind.toBuilder().put(RESULT, ok ? "success" : "error").build());
    }
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    reconcileErrors.add(1, kindAttributes(resource.getKind()));
  }

  @Override
  public void scaled(String route, int from, int to) {
    if (to != from) {
      scalings.add(
          1, routeAttributes(route).toBuilder().put(DIRECTION, to > from ? "up" : "down").build());
    }
  }

  @Override
  public void desiredReplicas(String route, int replicas) {
    desired.put(route, (long) replicas);
  }

  private static String kindOf(ControllerExecution<?> execution) {
    Object gvk = execution.metadata().get(Constants.RESOURCE_GVK_KEY);
    return gvk instanceof GroupVersionKind g ? g.getKind() : execution.controllerName();
  }

  private Attributes kindAttributes(String kind) {
    return byKind.computeIfAbsent(kind, k -> Attributes.of(KIND, k));
  }

  private static Attributes routeAttributes(String route) {
    return Attributes.of(ROUTE, route);
  }

  @Override
  public void close() {
    provider.close();
  }
}
