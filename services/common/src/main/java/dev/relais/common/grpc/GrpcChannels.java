package dev.relais.common.grpc;

import dev.relais.common.telemetry.GrpcTracing;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.tls.ServiceTls;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * Opens traced gRPC channels to other Relais services: plain HTTP/2, or mutual TLS when the service
 * has its certificate ({@link ServiceTls}).
 *
 * <p>Clients use grpc-java's own transport: it carries status messages (the reason of an
 * INVALID_ARGUMENT reaches the caller) and honours flow control on streams.
 */
public final class GrpcChannels {

  private GrpcChannels() {}

  /**
   * A plain HTTP/2 channel to {@code address}; every call on it carries the caller's trace context.
   */
  public static Channel connect(HostPort address, Telemetry telemetry) {
    return connect(address, telemetry, ServiceTls.off());
  }

  /**
   * A channel to {@code address}, with mutual TLS when {@code tls} is enabled: it presents the
   * service's certificate and accepts only a server certificate signed by the CA that names the
   * host of {@code address}. Every call on it carries the caller's trace context.
   */
  public static Channel connect(HostPort address, Telemetry telemetry, ServiceTls tls) {
    NettyChannelBuilder builder =
        NettyChannelBuilder.forAddress(address.host(), address.port())
            .keepAliveTime(30, TimeUnit.SECONDS);
    tls.client()
        .ifPresentOrElse(
            context -> builder.sslContext(context).useTransportSecurity(), builder::usePlaintext);
    ManagedChannel channel = builder.build();
    return ClientInterceptors.intercept(
        channel, new GrpcTracing(telemetry.openTelemetry()).clientInterceptor());
  }
}
