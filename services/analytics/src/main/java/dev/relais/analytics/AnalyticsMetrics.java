package dev.relais.analytics;

import dev.relais.analytics.conversion.Attribution;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.Locale;

/**
 * The analytics service's instruments: message events recorded, by type (a batch sent again is
 * counted once, as analytics counts it), and orders recorded, by how they were attributed (a
 * retried order once). One attribute set per event type and attribution, built up front.
 */
public final class AnalyticsMetrics {

  static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");
  static final AttributeKey<String> ATTRIBUTION = AttributeKey.stringKey("attribution");

  private final LongCounter events;
  private final Attributes[] byType;
  private final LongCounter conversions;
  private final Attributes[] byAttribution;

  public AnalyticsMetrics(Meter meter) {
    events =
        meter
            .counterBuilder("relais.analytics.events")
            .setDescription("Message events recorded, by type (submitted, delivered, clicked...)")
            .setUnit("{event}")
            .build();
    EventType[] types = EventType.values();
    byType = new Attributes[types.length];
    for (EventType type : types) {
      String name = type.name().replaceFirst("^EVENT_TYPE_", "").toLowerCase(Locale.ROOT);
      byType[type.ordinal()] = Attributes.of(TYPE, name);
    }
    conversions =
        meter
            .counterBuilder("relais.analytics.conversions")
            .setDescription("Orders recorded, by attribution (click, delivery, none)")
            .setUnit("{order}")
            .build();
    Attribution.Kind[] kinds = Attribution.Kind.values();
    byAttribution = new Attributes[kinds.length];
    for (Attribution.Kind kind : kinds) {
      byAttribution[kind.ordinal()] =
          Attributes.of(ATTRIBUTION, kind.name().toLowerCase(Locale.ROOT));
    }
  }

  /** Records nothing: for parts used without a meter. */
  public static AnalyticsMetrics none() {
    return new AnalyticsMetrics(OpenTelemetry.noop().getMeter("none"));
  }

  /** Counts an order just recorded (not a retried one). */
  public void converted(Attribution.Kind attribution) {
    conversions.add(1, byAttribution[attribution.ordinal()]);
  }

  /** Counts the events of a batch just recorded. */
  public void recorded(List<MessageEvent> batch) {
    for (MessageEvent event : batch) {
      events.add(1, byType[event.getType().ordinal()]);
    }
  }
}
