package dev.relais.operator.services;

import dev.relais.proto.dispatch.v1.DispatchServiceGrpc;
import dev.relais.proto.dispatch.v1.GetRouteStatsRequest;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * DispatchService.GetRouteStats through the route's dispatch Service: whichever replica answers
 * reports the route-wide queue depth and drain rate.
 */
public final class GrpcRouteStatsSource implements RouteStatsSource {

  private final GrpcChannels channels;
  private final Duration timeout;

  public GrpcRouteStatsSource(GrpcChannels channels, Duration timeout) {
    this.channels = channels;
    this.timeout = timeout;
  }

  @Override
  public Optional<RouteStats> stats(String dispatch, String route) {
    try {
      var stats =
          DispatchServiceGrpc.newBlockingStub(channels.to(dispatch))
              .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .getRouteStats(GetRouteStatsRequest.newBuilder().setRoute(route).build());
      return Optional.of(figures(stats));
    } catch (StatusRuntimeException e) {
      throw GrpcSchedulerGateway.failure("no stats for route " + route + " from " + dispatch, e);
    }
  }

  static RouteStats figures(dev.relais.proto.dispatch.v1.RouteStats stats) {
    return new RouteStats(
        stats.getQueueDepth(),
        Double.isFinite(stats.getDrainRate()) ? Math.max(0, stats.getDrainRate()) : 0,
        stats.getBindsUp(),
        stats.getLastError());
  }
}
