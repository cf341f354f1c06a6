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
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One plaintext gRPC channel per service address, reused by every reconciliation; each call carries
 * the caller's trace context (the reconciliation's span) in its W3C {@code traceparent} header, so
 * that the service's server span continues the reconciliation's trace.
 */
public final class GrpcChannels implements AutoCloseable {

  private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
  private final Map<String, Channel> traced = new ConcurrentHashMap<>();
  private final ClientInterceptor tracing;

  public GrpcChannels(OpenTelemetry openTelemetry) {
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

  /** The channel to {@code address} (host:port), opened on first use. */
  public Channel to(String address) {
    return traced.computeIfAbsent(
        address,
        a ->
            ClientInterceptors.intercept(
                channels.computeIfAbsent(
                    a, ignored -> ManagedChannelBuilder.forTarget(a).usePlaintext().build()),
                tracing));
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
