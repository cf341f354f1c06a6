package dev.relais.analytics.conversion;

import dev.relais.analytics.store.ConversionDao;
import dev.relais.analytics.store.ConversionDao.StoredConversion;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Records an order once per order id and attributes it ({@link Attribution}) among the touches of
 * the contact at its number ({@link ContactTouches}); the number is dropped here, never stored.
 *
 * <p>Idempotency: the order row is written by a lightweight transaction, so of two reports of one
 * order the first decides and the other answers its attribution. The attributed order is then filed
 * under its campaign, one row per order: a report retried after a failure in between files it
 * again, and it still counts once.
 */
public final class ConversionRecorder {

  /**
   * How long a message may wait in the dispatch queue before it is sent (the queue's retention): a
   * message whose links were created, or whose campaign was sent, longer before the order's windows
   * cannot have been delivered within any of them.
   */
  static final Duration MAX_QUEUE_WAIT = Duration.ofDays(14);

  /** What became of one report. */
  public record Outcome(StoredConversion conversion, boolean recorded) {}

  private final ConversionDao conversions;
  private final ContactTouches touches;
  private final CampaignWindows windows;

  public ConversionRecorder(
      ConversionDao conversions, ContactTouches touches, CampaignWindows windows) {
    this.conversions = conversions;
    this.touches = touches;
    this.windows = windows;
  }

  /** Records {@code order}; a retried order id answers its first attribution, not recorded. */
  public Outcome record(Order order) {
    Optional<StoredConversion> known = conversions.find(order.orderId());
    if (known.isPresent()) {
      return new Outcome(filed(known.get()), false);
    }
    StoredConversion attributed = attribute(order);
    Optional<StoredConversion> earlier = conversions.insertIfAbsent(attributed);
    return earlier
        .map(first -> new Outcome(filed(first), false))
        .orElseGet(() -> new Outcome(filed(attributed), true));
  }

  private StoredConversion attribute(Order order) {
    Instant since = order.at().minus(windows.longest()).minus(MAX_QUEUE_WAIT);
    ContactTouches.Touches contact = touches.of(order.phone(), since);
    Attribution.Result result =
        Attribution.attribute(order.at(), windows::of, contact.clicks(), contact::deliveries);
    return new StoredConversion(
        order.orderId(),
        result.kind(),
        result.touch().map(Attribution.Touch::campaignId).orElse(""),
        result.touch().map(Attribution.Touch::variant).orElse(""),
        result.touch().map(Attribution.Touch::messageId).orElse(""),
        order.amount(),
        order.currency(),
        order.at());
  }

  private StoredConversion filed(StoredConversion conversion) {
    if (conversion.attributed()) {
      conversions.fileUnderCampaign(conversion);
    }
    return conversion;
  }
}
