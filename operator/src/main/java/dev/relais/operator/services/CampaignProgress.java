package dev.relais.operator.services;

import java.util.Map;
import java.util.Optional;

/**
 * A campaign as the scheduler (and analytics, for delivery) reports it.
 *
 * @param observedGeneration the Campaign generation the scheduler last accepted
 * @param phase Pending, Scheduled, Sending, Held, Paused, Completed or Failed
 * @param audience contacts read from the audience so far
 * @param suppressed contacts left out, by reason
 * @param queued messages written to the dispatch queue
 * @param expansionComplete whether the whole audience has been read
 * @param message the scheduler's explanation, e.g. why the campaign failed or is held
 * @param heldForWindow queued messages waiting for the compliance policy's next sending window
 * @param delivery dispatch outcomes, once analytics has any
 * @param cost what the queued parts cost at the routes' prices, once expansion has started
 */
public record CampaignProgress(
    long observedGeneration,
    String phase,
    long audience,
    Map<String, Long> suppressed,
    long queued,
    boolean expansionComplete,
    String message,
    long heldForWindow,
    Optional<Delivery> delivery,
    Optional<Cost> cost) {

  public CampaignProgress {
    suppressed = Map.copyOf(suppressed);
  }

  /** A progress without a cost preview (nothing queued yet, or no route priced). */
  public CampaignProgress(
      long observedGeneration,
      String phase,
      long audience,
      Map<String, Long> suppressed,
      long queued,
      boolean expansionComplete,
      String message,
      long heldForWindow,
      Optional<Delivery> delivery) {
    this(
        observedGeneration,
        phase,
        audience,
        suppressed,
        queued,
        expansionComplete,
        message,
        heldForWindow,
        delivery,
        Optional.empty());
  }

  /**
   * The cost preview of the queued parts.
   *
   * @param amount decimal amount, e.g. "12.34"
   * @param currency ISO 4217 code
   * @param pricedParts parts priced in the amount
   * @param unpricedParts parts queued on routes without a price, not in the amount
   */
  public record Cost(String amount, String currency, long pricedParts, long unpricedParts) {}

  /**
   * What happened to the queued messages.
   *
   * @param submitted accepted by the SMSC
   * @param delivered confirmed by a receipt
   * @param failed refused at submission or undelivered
   * @param expired past their deadline unsent
   * @param optedOut recipients who opted out in reply
   * @param deliveryRate delivered / submitted, 0 when nothing was submitted
   */
  public record Delivery(
      long submitted,
      long delivered,
      long failed,
      long expired,
      long optedOut,
      long deliveryUnknown,
      double deliveryRate) {}

  /** Contacts resolved so far: queued or left out. */
  public long resolved() {
    return queued + suppressed.values().stream().mapToLong(Long::longValue).sum();
  }
}
