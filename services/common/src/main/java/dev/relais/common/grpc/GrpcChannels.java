package dev.relais.common.grpc;

import dev.relais.common.config.ServiceConfig;
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
   * A channel from the service {@code config} configures to the service at {@code address}: mutual
   * TLS with the service's certificate when its {@code tls.*} settings are set ({@link
   * ServiceTls#from}), plain HTTP/2 otherwise. Every channel a service opens to another is made
   * here, so that none is left in plain text when the platform talks TLS.
   *
   * @throws IllegalStateException when the TLS settings are incomplete or unreadable
   */
  public static Channel connect(HostPort address, Telemetry telemetry, ServiceConfig config) {
    return connect(address, telemetry, ServiceTls.from(config));
  }

  /**
   * A plain HTTP/2 channel to {@code address}, for callers without a certificate (tests, tools);
   * every call on it carries the caller's trace context. A service calls {@link #connect(HostPort,
   * Telemetry, ServiceConfig)} instead.
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
