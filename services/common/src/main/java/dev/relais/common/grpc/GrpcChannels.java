package dev.relais.common.grpc;

import dev.relais.common.telemetry.GrpcTracing;
import dev.relais.common.telemetry.Telemetry;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.helidon.webclient.grpc.GrpcClient;

/** Opens traced gRPC channels to other Relais services (plain HTTP/2 on loopback or in-cluster). */
public final class GrpcChannels {

  private GrpcChannels() {}

  /** A channel to {@code address}; every call on it carries the caller's trace context. */
  public static Channel connect(HostPort address, Telemetry telemetry) {
    Channel channel =
        GrpcClient.builder()
            .baseUri("http://" + address.host() + ":" + address.port())
            .tls(tls -> tls.enabled(false))
            .build()
            .channel();
    return ClientInterceptors.intercept(
        channel, new GrpcTracing(telemetry.openTelemetry()).clientInterceptor());
  }
}
