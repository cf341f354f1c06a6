package dev.relais.analytics;

import dev.relais.common.telemetry.TraceParent;
import dev.relais.proto.analytics.v1.MessageEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A short span per recorded event of a message sampled for tracing (its {@code traceparent} is
 * set), in the message's trace: the event batch itself belongs to no message's trace. Events of
 * messages not traced cost an empty-string check.
 */
final class EventTracing {

  /** No spans at all. */
  static final EventTracing NONE = new EventTracing(OpenTelemetry.noop().getTracer("none"));

  private final Tracer tracer;

  EventTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /**
   * Records spans for the traced events of a batch recorded from {@code startEpochNanos} until now.
   */
  void recorded(List<MessageEvent> events, long startEpochNanos) {
    for (MessageEvent event : events) {
      if (event.getTraceparent().isEmpty()) {
        continue;
      }
      tracer
          .spanBuilder("record event")
          .setParent(TraceParent.context(event.getTraceparent()))
          .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS)
          .setAttribute("message.id", event.getMessageId())
          .setAttribute("campaign.id", event.getCampaignId())
          .setAttribute("relais.route", event.getRoute())
          .setAttribute("relais.event.type", event.getType().name())
          .setAttribute("relais.event.error_code", (long) event.getErrorCode())
          .startSpan()
          .end();
    }
  }

  /** The current time in epoch nanoseconds, as span timestamps take it. */
  static long nowEpochNanos() {
    Instant now = Instant.now();
    return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
  }
}
