package dev.relais.analytics.conversion;

import dev.relais.common.config.ServiceConfig;
import java.time.Duration;

/**
 * How far back a conversion looks for the message that led to it: a human click on one of the
 * contact's tracked links ({@code conversions.clickwindow}, 5 days by default), else a delivery to
 * the contact ({@code conversions.deliverywindow}, 24 hours).
 */
public record AttributionWindows(Duration click, Duration delivery) {

  public static final Duration DEFAULT_CLICK = Duration.ofDays(5);
  public static final Duration DEFAULT_DELIVERY = Duration.ofHours(24);

  public AttributionWindows {
    if (click.isNegative() || click.isZero() || delivery.isNegative() || delivery.isZero()) {
      throw new IllegalArgumentException(
          "conversions.clickwindow and conversions.deliverywindow must be positive durations");
    }
  }

  /** The windows of {@code config}, with their defaults. */
  public static AttributionWindows from(ServiceConfig config) {
    return new AttributionWindows(
        config.duration("conversions.clickwindow", DEFAULT_CLICK),
        config.duration("conversions.deliverywindow", DEFAULT_DELIVERY));
  }

  /** The longer of the two windows. */
  public Duration longest() {
    return click.compareTo(delivery) >= 0 ? click : delivery;
  }
}
