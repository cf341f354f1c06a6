package dev.relais.common.telemetry;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceId;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * W3C trace-context over gRPC metadata: a client span per outgoing call whose context travels in
 * the {@code traceparent} header, and a server span per incoming call that continues it.
 */
public final class GrpcTracing {

  private static final TextMapGetter<Metadata> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Metadata carrier) {
          return carrier.keys();
        }

        @Override
        public String get(Metadata carrier, String key) {
          return carrier == null
              ? null
              : carrier.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
        }
      };

  private static final TextMapSetter<Metadata> SETTER =
      (carrier, key, value) ->
          carrier.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  public GrpcTracing(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("dev.relais.grpc");
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
  }

  /** Continues the caller's trace in a server span made current for the handler. */
  public ServerInterceptor serverInterceptor() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(
          ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        Context parent = propagator.extract(Context.root(), headers, GETTER);
        Span span =
            tracer
                .spanBuilder(call.getMethodDescriptor().getFullMethodName())
                .setSpanKind(SpanKind.SERVER)
                .setParent(parent)
                .setAttribute("rpc.system", "grpc")
                .startSpan();
        Context context = parent.with(span);
        ServerCall<Q, R> ending =
            new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
              @Override
              public void close(Status status, Metadata trailers) {
                end(span, status);
                super.close(status, trailers);
              }
            };
        ServerCall.Listener<Q> delegate = within(context, () -> next.startCall(ending, headers));
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(delegate) {
          @Override
          public void onMessage(Q message) {
            within(context, () -> super.onMessage(message));
          }

          @Override
          public void onHalfClose() {
            within(context, super::onHalfClose);
          }

          @Override
          public void onCancel() {
            span.setStatus(StatusCode.ERROR, "cancelled");
            span.end();
            within(context, super::onCancel);
          }

          @Override
          public void onReady() {
            within(context, super::onReady);
          }
        };
      }
    };
  }

  /**
   * Starts a client span under the current span and sends its context to the server.
   *
   * <p>A call made outside any span (a poller, a periodic refresh, a batch of events, housekeeping)
   * starts no trace: it makes no client span and sends a context marked not sampled, so that the
   * server makes no span for it either. Such calls would otherwise make a new trace each time.
   */
  public ClientInterceptor clientInterceptor() {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(
          MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (!Span.current().getSpanContext().isValid()) {
          return untraced(next.newCall(method, options));
        }
        Span span =
            tracer
                .spanBuilder(method.getFullMethodName())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("rpc.system", "grpc")
                .startSpan();
        Context context = Context.current().with(span);
        return new ForwardingClientCall.SimpleForwardingClientCall<>(
            next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            propagator.inject(context, headers, SETTER);
            super.start(
                new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                  @Override
                  public void onClose(Status status, Metadata trailers) {
                    end(span, status);
                    super.onClose(status, trailers);
                  }
                },
                headers);
          }
        };
      }
    };
  }

  private <Q, R> ClientCall<Q, R> untraced(ClientCall<Q, R> call) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        SpanContext notSampled =
            SpanContext.create(
                TraceId.fromLongs(random.nextLong(), random.nextLong() | 1),
                SpanId.fromLong(random.nextLong() | 1),
                TraceFlags.getDefault(),
                TraceState.getDefault());
        propagator.inject(Context.root().with(Span.wrap(notSampled)), headers, SETTER);
        super.start(listener, headers);
      }
    };
  }

  private static void end(Span span, Status status) {
    span.setAttribute("rpc.grpc.status_code", status.getCode().value());
    if (!status.isOk()) {
      span.setStatus(StatusCode.ERROR, status.getCode().name());
    }
    span.end();
  }

  private static void within(Context context, Runnable action) {
    try (Scope ignored = context.makeCurrent()) {
      action.run();
    }
  }

  private static <T> T within(Context context, Supplier<T> action) {
    try (Scope ignored = context.makeCurrent()) {
      return action.get();
    }
  }
}
