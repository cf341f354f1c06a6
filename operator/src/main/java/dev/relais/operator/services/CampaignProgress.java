package dev.relais.operator.services;

import dev.relais.operator.model.CampaignKpis;
import dev.relais.sms.text.Ucs2Characters;
import java.util.List;
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
 * @param encoding how the template's message travels, before any contact is read
 * @param queuedUcs2 queued messages sent in UCS-2, and their parts
 * @param estimate what the estimated audience should cost, before anything is queued
 * @param variants each A/B variant's preview and counts, in the campaign's order; empty without
 *     variants
 * @param traceId the campaign's trace (W3C trace id) in the tracing backend, empty when unknown
 * @param clicks clicks on the campaign's tracked links, empty when not known (no links service, no
 *     link in the campaign)
 * @param abTest the A/B test's stage and decision, empty for a campaign without one
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
    Optional<Cost> cost,
    Optional<Encoding> encoding,
    Ucs2Count queuedUcs2,
    Optional<Estimate> estimate,
    List<Variant> variants,
    String traceId,
    Optional<CampaignKpis.Clicks> clicks,
    Optional<AbTest> abTest) {

  public CampaignProgress {
    suppressed = Map.copyOf(suppressed);
    variants = List.copyOf(variants);
    traceId = traceId == null ? "" : traceId;
  }

  /** A progress without an A/B test. */
  public CampaignProgress(
      long observedGeneration,
      String phase,
      long audience,
      Map<String, Long> suppressed,
      long queued,
      boolean expansionComplete,
      String message,
      long heldForWindow,
      Optional<Delivery> delivery,
      Optional<Cost> cost,
      Optional<Encoding> encoding,
      Ucs2Count queuedUcs2,
      Optional<Estimate> estimate,
      List<Variant> variants,
      String traceId,
      Optional<CampaignKpis.Clicks> clicks) {
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
        cost,
        encoding,
        queuedUcs2,
        estimate,
        variants,
        traceId,
        clicks,
        Optional.empty());
  }

  /**
   * An A/B test as the scheduler reports it.
   *
   * @param stage Sampling, Waiting or Decided
   * @param sample recipients in the sample so far
   * @param decideAt when the winner is chosen, empty when not reported
   * @param winner the variant sent to the rest, empty until decided
   * @param conclusive whether the test met the confidence (false: the fallback was sent)
   * @param reason the decision in one sentence, empty until decided
   * @param decidedAt when the winner was chosen, empty until decided
   * @param pValue the z-test's p-value, empty for the bayesian method or before the decision
   * @param probabilityToBeatControl the bayesian probability, empty for the z-test or before
   * @param metric clicks, conversions or delivery
   * @param method zTest or bayesian
   * @param arms the figures of each variant, in the campaign's order
   */
  public record AbTest(
      String stage,
      long sample,
      Optional<java.time.Instant> decideAt,
      String winner,
      boolean conclusive,
      String reason,
      Optional<java.time.Instant> decidedAt,
      java.util.OptionalDouble pValue,
      java.util.OptionalDouble probabilityToBeatControl,
      String metric,
      String method,
      List<Arm> arms) {

    public AbTest {
      arms = List.copyOf(arms);
    }

    /** Whether the winner is chosen. */
    public boolean decided() {
      return !winner.isEmpty();
    }
  }

  /** One variant's figures in an A/B test: successes over trials. */
  public record Arm(String variant, long successes, long trials) {}

  /** A progress whose clicks are not known. */
  public CampaignProgress(
      long observedGeneration,
      String phase,
      long audience,
      Map<String, Long> suppressed,
      long queued,
      boolean expansionComplete,
      String message,
      long heldForWindow,
      Optional<Delivery> delivery,
      Optional<Cost> cost,
      Optional<Encoding> encoding,
      Ucs2Count queuedUcs2,
      Optional<Estimate> estimate,
      List<Variant> variants,
      String traceId) {
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
        cost,
        encoding,
        queuedUcs2,
        estimate,
        variants,
        traceId,
        Optional.<CampaignKpis.Clicks>empty());
  }

  /** A progress without A/B variants. */
  public CampaignProgress(
      long observedGeneration,
      String phase,
      long audience,
      Map<String, Long> suppressed,
      long queued,
      boolean expansionComplete,
      String message,
      long heldForWindow,
      Optional<Delivery> delivery,
      Optional<Cost> cost,
      Optional<Encoding> encoding,
      Ucs2Count queuedUcs2,
      Optional<Estimate> estimate) {
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
        cost,
        encoding,
        queuedUcs2,
        estimate,
        List.of(),
        "");
  }

  /**
   * One A/B variant.
   *
   * @param name the variant's name
   * @param weight its weight
   * @param encoding how its template travels, as {@code encoding} for the campaign
   * @param queued its messages queued, and their parts
   * @param delivery what happened to its messages, once analytics has counts
   * @param clicks clicks on its tracked links, known as the campaign's are
   * @param cost what its queued parts cost, one entry per currency
   */
  public record Variant(
      String name,
      int weight,
      Optional<Encoding> encoding,
      long queued,
      long queuedParts,
      Optional<Delivery> delivery,
      Optional<CampaignKpis.Clicks> clicks,
      List<CampaignKpis.Money> cost) {

    public Variant {
      cost = List.copyOf(cost);
    }

    /** A variant whose clicks and cost are not known. */
    public Variant(
        String name,
        int weight,
        Optional<Encoding> encoding,
        long queued,
        long queuedParts,
        Optional<Delivery> delivery) {
      this(name, weight, encoding, queued, queuedParts, delivery, Optional.empty(), List.of());
    }
  }

  /** A progress without encoding preview nor estimate (a scheduler that reports none). */
  public CampaignProgress(
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
        cost,
        Optional.empty(),
        new Ucs2Count(0, 0),
        Optional.empty());
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
   * @param conversions conversions analytics attributes to the messages
   * @param revenue their revenue, one entry per currency; empty when none is recorded
   */
  public record Delivery(
      long submitted,
      long delivered,
      long failed,
      long expired,
      long optedOut,
      long deliveryUnknown,
      double deliveryRate,
      long conversions,
      List<CampaignKpis.Money> revenue) {

    public Delivery {
      revenue = List.copyOf(revenue);
    }

    /** Delivery counts without conversions. */
    public Delivery(
        long submitted,
        long delivered,
        long failed,
        long expired,
        long optedOut,
        long deliveryUnknown,
        double deliveryRate) {
      this(
          submitted,
          delivered,
          failed,
          expired,
          optedOut,
          deliveryUnknown,
          deliveryRate,
          0,
          List.of());
    }
  }

  /**
   * How the template's message travels (empty personalisation, STOP mention, transliterated when
   * asked).
   *
   * @param encoding "GSM-7" or "UCS-2"
   * @param parts SMS parts of that message
   * @param partsTransliterated parts it would take with transliteration on
   * @param transliterate whether the campaign transliterates
   * @param ucs2Characters the template's characters that force UCS-2, first occurrence first
   */
  public record Encoding(
      String encoding,
      int parts,
      int partsTransliterated,
      boolean transliterate,
      List<Ucs2Characters.Occurrence> ucs2Characters) {

    public Encoding {
      ucs2Characters = List.copyOf(ucs2Characters);
    }
  }

  /** Queued messages sent in UCS-2 and the parts they take. */
  public record Ucs2Count(long messages, long parts) {}

  /**
   * The cost estimate of the audience before anything is queued.
   *
   * @param audience contacts the audience is estimated to hold
   * @param partsPerMessage parts of the template's message
   * @param parts audience times partsPerMessage
   * @param amount decimal amount, empty when the route has no price
   * @param currency ISO 4217 code of amount
   * @param route the route whose price is used, empty when none serves the default region
   */
  public record Estimate(
      long audience,
      int partsPerMessage,
      long parts,
      String amount,
      String currency,
      String route) {}

  /** Contacts resolved so far: queued or left out. */
  public long resolved() {
    return queued + suppressed.values().stream().mapToLong(Long::longValue).sum();
  }
}
