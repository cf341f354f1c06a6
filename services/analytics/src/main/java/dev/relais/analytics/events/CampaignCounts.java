package dev.relais.analytics.events;

import dev.relais.proto.analytics.v1.EventType;
import java.util.Map;

/**
 * The event counts of one campaign (distinct messages per event type) and the rates derived from
 * them.
 *
 * @param inDoubt messages sent again after a submit whose answer was unknown
 * @param deliveryUnknown messages submitted whose SMSC gave no message id: no receipt can name them
 */
public record CampaignCounts(
    long queued,
    long submitted,
    long submitFailed,
    long delivered,
    long undelivered,
    long expired,
    long optedOut,
    long inDoubt,
    long deliveryUnknown) {

  /** A campaign with nothing recorded (yet). */
  public static final CampaignCounts NONE = new CampaignCounts(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** Counts from totals per event type; types missing from the map count zero. */
  public static CampaignCounts fromTotals(Map<EventType, Long> totals) {
    return new CampaignCounts(
        totals.getOrDefault(EventType.EVENT_TYPE_QUEUED, 0L),
        totals.getOrDefault(EventType.EVENT_TYPE_SUBMITTED, 0L),
        totals.getOrDefault(EventType.EVENT_TYPE_SUBMIT_FAILED, 0L),
        totals.getOrDefault(EventType.EVENT_TYPE_DELIVERED, 0L),
        totals.getOrDefault(EventType.EVENT_TYPE_UNDELIVERED, 0L),
        totals.getOrDefault(EventType.EVENT_TYPE_EXPIRED, 0L),
        totals.getOrDefault(EventType.EVENT_TYPE_OPTED_OUT, 0L),
        totals.getOrDefault(EventType.EVENT_TYPE_IN_DOUBT, 0L),
        totals.getOrDefault(EventType.EVENT_TYPE_DELIVERY_UNKNOWN, 0L));
  }

  /**
   * Delivered over submitted, 0 when nothing was submitted. Capped at 1: a delivery receipt can be
   * recorded before the submit event of the same message (both travel in separate batches), and a
   * rate above 100% would only confuse whoever reads it.
   */
  public double deliveryRate() {
    return ratio(delivered, submitted);
  }

  private static double ratio(long part, long whole) {
    if (whole <= 0 || part <= 0) {
      return 0.0;
    }
    return Math.min(1.0, (double) part / whole);
  }
}
