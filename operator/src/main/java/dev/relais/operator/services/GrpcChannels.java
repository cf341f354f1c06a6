package dev.relais.operator.services;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC channel per service target ({@link ServiceTarget}: plain, or mutual TLS with the
 * operator's certificate), reused by every reconciliation; each call carries the caller's trace
 * context (the reconciliation's span) in its W3C {@code traceparent} header, so that the service's
 * server span continues the reconciliation's trace.
 */
public final class GrpcChannels implements AutoCloseable {

  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final Map<String, Channel> traced = new ConcurrentHashMap<>();
  private final ClientInterceptor tracing;
  private final OperatorTls tls;
  private volatile SslContext sslContext;

  public GrpcChannels(OpenTelemetry openTelemetry) {
    this(openTelemetry, OperatorTls.NONE);
  }

  /** Channels that present {@code tls} to the services of platforms with mutual TLS. */
  public GrpcChannels(OpenTelemetry openTelemetry, OperatorTls tls) {
    this.tls = tls;
    TextMapPropagator propagator = openTelemetry.getPropagators().getTextMapPropagator();
    this.tracing =
        new ClientInterceptor() {
          @Override
          public <Q, R> ClientCall<Q, R> interceptCall(
              MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
            return new ForwardingClientCall.SimpleForwardingClientCall<>(
                next.newCall(method, options)) {
              @Override
              public void start(Listener<R> listener, Metadata headers) {
                propagator.inject(Context.current(), headers, SETTER);
                super.start(listener, headers);
              }
            };
          }
        };
  }

  private static final TextMapSetter<Metadata> SETTER =
      (headers, key, value) ->
          headers.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);

  /**
   * The channel to {@code target} ({@link ServiceTarget}), opened on first use.
   *
   * @throws ServiceCallException for a mutual TLS target when the operator has no certificate
   */
  public Channel to(String target) {
    Channel channel = traced.get(target);
    if (channel != null) {
      return channel;
    }
    return traced.computeIfAbsent(
        target,
        t ->
            ClientInterceptors.intercept(
                channels.computeIfAbsent(t, ignored -> open(ServiceTarget.parse(t))), tracing));
  }

  private ManagedChannel open(ServiceTarget target) {
    if (!target.tls()) {
      return ManagedChannelBuilder.forTarget(target.address()).usePlaintext().build();
    }
    if (!tls.present()) {
      throw new ServiceCallException(
          "the platform talks mutual TLS and the operator has no certificate to call "
              + target.address()
              + " with (TLS_CERT, TLS_KEY, TLS_CA; the chart's tls.secretName)",
          false,
          null);
    }
    NettyChannelBuilder builder =
        NettyChannelBuilder.forTarget(target.address()).sslContext(sslContext());
    if (target.serverName() != null) {
      builder.overrideAuthority(target.serverName());
    }
    return builder.build();
  }

  private SslContext sslContext() {
    SslContext context = sslContext;
    if (context == null) {
      context = tls.client().orElseThrow();
      sslContext = context;
    }
    return context;
  }

  @Override
  public void close() {
    channels.values().forEach(ManagedChannel::shutdown);
    for (ManagedChannel channel : channels.values()) {
      try {
        channel.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    channels.clear();
    traced.clear();
  }
}
