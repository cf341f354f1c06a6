package dev.relais.dispatch;

import dev.relais.common.grpc.GrpcErrors;
import dev.relais.proto.dispatch.v1.DispatchServiceGrpc;
import dev.relais.proto.dispatch.v1.GetRouteStatsRequest;
import dev.relais.proto.dispatch.v1.RouteStats;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** {@code relais.dispatch.v1.DispatchService}: the route's queue depth and drain state. */
public final class DispatchGrpcService extends DispatchServiceGrpc.DispatchServiceImplBase {

  private final String route;
  private final LongSupplier queueDepth;
  private final IntSupplier bindsUp;
  private final IntSupplier shardsLeased;
  private final DispatchStats stats;

  public DispatchGrpcService(
      String route,
      LongSupplier queueDepth,
      IntSupplier bindsUp,
      IntSupplier shardsLeased,
      DispatchStats stats) {
    this.route = route;
    this.queueDepth = queueDepth;
    this.bindsUp = bindsUp;
    this.shardsLeased = shardsLeased;
    this.stats = stats;
  }

  @Override
  public void getRouteStats(GetRouteStatsRequest request, StreamObserver<RouteStats> response) {
    GrpcErrors.answer(
        response,
        "dispatch queue",
        () -> {
          if (!request.getRoute().isEmpty() && !request.getRoute().equals(route)) {
            throw Status.NOT_FOUND
                .withDescription(
                    "this dispatcher serves route " + route + ", not " + request.getRoute())
                .asRuntimeException();
          }
          long depth = queueDepth.getAsLong();
          DispatchStats.Snapshot s = stats.snapshot();
          return RouteStats.newBuilder()
              .setRoute(route)
              .setQueueDepth(depth)
              .setDrainRate(s.drainRate())
              .setBindsUp(bindsUp.getAsInt())
              .setShardsLeased(shardsLeased.getAsInt())
              .setSubmitted(s.submitted())
              .setInFlight(s.inFlight())
              .setLastError(s.lastError())
              .setMovedToFailover(s.moved())
              .setFailoverState(s.failover())
              .setOrphanReceipts(s.orphanReceipts())
              .setReceiptsRefused(s.receiptsRefused())
              .setSubmittedWithoutSmscId(s.submittedWithoutSmscId())
              .build();
        });
  }
}
