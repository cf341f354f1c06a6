package dev.relais.analytics.conversion;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The rule that gives a conversion to one message: the message the contact last clicked (a human
 * click on one of its tracked links) within the click window before the order; failing that, the
 * message last delivered to the contact within the delivery window before it; failing that, none.
 *
 * <p>Each message counts within its own campaign's windows (a Campaign's {@code spec.attribution},
 * else the service's): a click on a campaign with a one-day click window no longer attributes an
 * order two days later, even if another campaign's window is longer.
 *
 * <p>Both windows include their ends: a click exactly one click window before the order counts, and
 * so does one at the very instant of the order. What happened after the order never led to it.
 */
public final class Attribution {

  /** How an order was attributed. */
  public enum Kind {
    CLICK,
    DELIVERY,
    NONE
  }

  /**
   * A message of the contact and the instant that may attribute an order to it (its last human
   * click, or its delivery).
   */
  public record Touch(String campaignId, String variant, String messageId, Instant at) {}

  /**
   * The outcome: {@code touch} is the message credited, empty for {@link Kind#NONE}.
   *
   * @param touch the message credited and the instant that credited it
   */
  public record Result(Kind kind, Optional<Touch> touch) {

    public static final Result NONE = new Result(Kind.NONE, Optional.empty());
  }

  /** Latest first; among touches of one instant, the greatest campaign then message id. */
  private static final Comparator<Touch> LATEST =
      Comparator.comparing(Touch::at)
          .thenComparing(Touch::campaignId)
          .thenComparing(Touch::messageId);

  private Attribution() {}

  /**
   * Attributes an order placed at {@code orderedAt} given the contact's last clicks and deliveries.
   */
  public static Result attribute(
      Instant orderedAt,
      AttributionWindows windows,
      Collection<Touch> clicks,
      Collection<Touch> deliveries) {
    return attribute(orderedAt, windows, clicks, () -> deliveries);
  }

  /** {@link #attribute}, asking for the deliveries only when no click attributes the order. */
  public static Result attribute(
      Instant orderedAt,
      AttributionWindows windows,
      Collection<Touch> clicks,
      Supplier<? extends Collection<Touch>> deliveries) {
    return attribute(orderedAt, campaign -> windows, clicks, deliveries);
  }

  /**
   * {@link #attribute}, each message within the windows of its campaign ({@code windowsOf}, asked
   * once per campaign), the deliveries asked only when no click attributes the order.
   */
  public static Result attribute(
      Instant orderedAt,
      Function<String, AttributionWindows> windowsOf,
      Collection<Touch> clicks,
      Supplier<? extends Collection<Touch>> deliveries) {
    Map<String, AttributionWindows> windows = new HashMap<>();
    Function<String, AttributionWindows> cached = c -> windows.computeIfAbsent(c, windowsOf);
    Optional<Touch> click =
        latestWithin(clicks, orderedAt, t -> cached.apply(t.campaignId()).click());
    if (click.isPresent()) {
      return new Result(Kind.CLICK, click);
    }
    Optional<Touch> delivery =
        latestWithin(deliveries.get(), orderedAt, t -> cached.apply(t.campaignId()).delivery());
    if (delivery.isPresent()) {
      return new Result(Kind.DELIVERY, delivery);
    }
    return Result.NONE;
  }

  private static Optional<Touch> latestWithin(
      Collection<Touch> touches, Instant orderedAt, Function<Touch, Duration> windowOf) {
    return touches.stream()
        .filter(t -> !t.at().isAfter(orderedAt))
        .filter(t -> !t.at().isBefore(orderedAt.minus(windowOf.apply(t))))
        .max(LATEST);
  }
}
