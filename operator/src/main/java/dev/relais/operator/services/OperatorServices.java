package dev.relais.operator.services;

import io.opentelemetry.api.OpenTelemetry;
import java.time.Duration;

/**
 * The Relais services as the reconcilers see them, behind small interfaces so that tests can stand
 * in for them.
 *
 * @param scheduler campaigns and routes
 * @param segments segment size estimates
 * @param routeStats queue figures of each route's dispatch, for autoscaling
 * @param addresses where each namespace's services are reached
 * @param onClose releases what the real implementations hold (gRPC channels)
 */
public record OperatorServices(
    SchedulerGateway scheduler,
    SegmentEstimator segments,
    RouteStatsSource routeStats,
    ServiceAddresses addresses,
    AutoCloseable onClose) {

  /**
   * The real services over gRPC, each call bounded by {@code timeout} and carrying the trace
   * context of the reconciliation that makes it (a client span of {@code openTelemetry}).
   */
  public static OperatorServices grpc(
      ServiceAddresses addresses, Duration timeout, OpenTelemetry openTelemetry) {
    return grpc(addresses, timeout, openTelemetry, OperatorTls.NONE);
  }

  /**
   * As {@link #grpc(ServiceAddresses, Duration, OpenTelemetry)}, presenting {@code tls} to the
   * services of platforms with mutual TLS.
   */
  public static OperatorServices grpc(
      ServiceAddresses addresses, Duration timeout, OpenTelemetry openTelemetry, OperatorTls tls) {
    GrpcChannels channels = new GrpcChannels(openTelemetry, tls);
    return new OperatorServices(
        new GrpcSchedulerGateway(channels, timeout),
        new GrpcSegmentEstimator(channels, timeout),
        new GrpcRouteStatsSource(channels, timeout),
        addresses,
        channels);
  }
}
