package dev.relais.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;

/**
 * The Service port named {@code metrics} that a Prometheus ServiceMonitor scrapes. Each service
 * serves /metrics on its gRPC port (one container port), so the Service exposes that container port
 * a second time under its own number and name: the endpoints Prometheus finds are the pods' gRPC
 * port, path /metrics.
 */
public final class MetricsPort {

  /** Name of the Service port, what a ServiceMonitor's {@code endpoints[].port} names. */
  public static final String NAME = "metrics";

  /**
   * Name of the Service port when the service serves TLS only (spec.tls): a ServiceMonitor scrapes
   * it with scheme https.
   */
  public static final String TLS_NAME = "https-metrics";

  /** Number of the Service port (OpenTelemetry's Prometheus exporter's usual port). */
  public static final int PORT = 9464;

  /** Path the services serve their metrics on. */
  public static final String PATH = "/metrics";

  private MetricsPort() {}

  /** The Service port leading to the container port named {@code containerPort}. */
  public static ServicePort servicePort(String containerPort) {
    return servicePort(containerPort, false);
  }

  /**
   * The Service port leading to the container port named {@code containerPort}, named {@link
   * #TLS_NAME} when that port serves TLS only, {@link #NAME} otherwise.
   */
  public static ServicePort servicePort(String containerPort, boolean tls) {
    return new ServicePortBuilder()
        .withName(tls ? TLS_NAME : NAME)
        .withPort(PORT)
        .withTargetPort(new IntOrString(containerPort))
        .withProtocol("TCP")
        .build();
  }
}
