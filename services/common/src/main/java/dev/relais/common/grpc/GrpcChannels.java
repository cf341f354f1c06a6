package dev.relais.common.grpc;

import dev.relais.common.telemetry.GrpcTracing;
import dev.relais.common.telemetry.Telemetry;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * Opens traced gRPC channels to other Relais services (plain HTTP/2 on loopback or in-cluster).
 *
 * <p>Clients use grpc-java's own transport: it carries status messages (the reason of an
 * INVALID_ARGUMENT reaches the caller) and honours flow control on streams.
 */
public final class GrpcChannels {

  private GrpcChannels() {}

  /** A channel to {@code address}; every call on it carries the caller's trace context. */
  public static Channel connect(HostPort address, Telemetry telemetry) {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress(address.host(), address.port())
            .usePlaintext()
            .keepAliveTime(30, TimeUnit.SECONDS)
            .build();
    return ClientInterceptors.intercept(
        channel, new GrpcTracing(telemetry.openTelemetry()).clientInterceptor());
  }
}
