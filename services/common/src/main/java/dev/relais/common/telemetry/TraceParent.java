package dev.relais.common.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.util.List;

/**
 * A span context kept as its W3C {@code traceparent} text, where work outlives the span that began
 * it: with a campaign row (its expansion continues the reconcile that created it, also after a
 * restart) or with a queued message (its dispatch continues the page that queued it).
 */
public final class TraceParent {

  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final String HEADER = "traceparent";

  private static final TextMapSetter<String[]> SETTER =
      (carrier, key, value) -> {
        if (HEADER.equals(key)) {
          carrier[0] = value;
        }
      };

  private static final TextMapGetter<String> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
          return List.of(HEADER);
        }

        @Override
        public String get(String carrier, String key) {
          return HEADER.equals(key) ? carrier : null;
        }
      };

  private TraceParent() {}

  /** The traceparent of {@code span}, or null when it has no valid context (no SDK, say). */
  public static String of(Span span) {
    return of(span.getSpanContext());
  }

  /** The traceparent of {@code context}, or null when it is not valid. */
  public static String of(SpanContext context) {
    if (!context.isValid()) {
      return null;
    }
    String[] holder = new String[1];
    W3C.inject(Context.root().with(Span.wrap(context)), holder, SETTER);
    return holder[0];
  }

  /**
   * A context whose span is the (remote) one {@code traceparent} names, to parent new spans on; the
   * root context when it is null or unreadable, so that work then starts a trace of its own.
   */
  public static Context context(String traceparent) {
    if (traceparent == null || traceparent.isEmpty()) {
      return Context.root();
    }
    return W3C.extract(Context.root(), traceparent, GETTER);
  }

  /** The span context {@code traceparent} names; invalid when it is null or unreadable. */
  public static SpanContext spanContext(String traceparent) {
    return Span.fromContext(context(traceparent)).getSpanContext();
  }

  /** The trace id in {@code traceparent}, or "" when there is none. */
  public static String traceId(String traceparent) {
    SpanContext context = spanContext(traceparent);
    return context.isValid() ? context.getTraceId() : "";
  }
}
