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

  /**
   * The way to build a progress: name what the scheduler reported; the rest stays as before its
   * first report (generation 0, Pending, nothing read, queued or reported).
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this progress, to change part of it. */
  public Builder toBuilder() {
    return new Builder(this);
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

  /** Collects a progress report by report; each optional report is absent until it is set. */
  public static final class Builder {
    private long observedGeneration;
    private String phase = "Pending";
    private long audience;
    private Map<String, Long> suppressed = Map.of();
    private long queued;
    private boolean expansionComplete;
    private String message = "";
    private long heldForWindow;
    private Optional<Delivery> delivery = Optional.empty();
    private Optional<Cost> cost = Optional.empty();
    private Optional<Encoding> encoding = Optional.empty();
    private Ucs2Count queuedUcs2 = new Ucs2Count(0, 0);
    private Optional<Estimate> estimate = Optional.empty();
    private List<Variant> variants = List.of();
    private String traceId = "";
    private Optional<CampaignKpis.Clicks> clicks = Optional.empty();
    private Optional<AbTest> abTest = Optional.empty();

    private Builder() {}

    private Builder(CampaignProgress from) {
      observedGeneration = from.observedGeneration;
      phase = from.phase;
      audience = from.audience;
      suppressed = from.suppressed;
      queued = from.queued;
      expansionComplete = from.expansionComplete;
      message = from.message;
      heldForWindow = from.heldForWindow;
      delivery = from.delivery;
      cost = from.cost;
      encoding = from.encoding;
      queuedUcs2 = from.queuedUcs2;
      estimate = from.estimate;
      variants = from.variants;
      traceId = from.traceId;
      clicks = from.clicks;
      abTest = from.abTest;
    }

    public Builder observedGeneration(long observedGeneration) {
      this.observedGeneration = observedGeneration;
      return this;
    }

    public Builder phase(String phase) {
      this.phase = phase;
      return this;
    }

    public Builder audience(long audience) {
      this.audience = audience;
      return this;
    }

    public Builder suppressed(Map<String, Long> suppressed) {
      this.suppressed = suppressed;
      return this;
    }

    public Builder queued(long queued) {
      this.queued = queued;
      return this;
    }

    public Builder expansionComplete(boolean expansionComplete) {
      this.expansionComplete = expansionComplete;
      return this;
    }

    public Builder message(String message) {
      this.message = message;
      return this;
    }

    public Builder heldForWindow(long heldForWindow) {
      this.heldForWindow = heldForWindow;
      return this;
    }

    public Builder delivery(Delivery delivery) {
      this.delivery = Optional.of(delivery);
      return this;
    }

    public Builder cost(Cost cost) {
      this.cost = Optional.of(cost);
      return this;
    }

    public Builder encoding(Encoding encoding) {
      this.encoding = Optional.of(encoding);
      return this;
    }

    public Builder queuedUcs2(Ucs2Count queuedUcs2) {
      this.queuedUcs2 = queuedUcs2;
      return this;
    }

    public Builder estimate(Estimate estimate) {
      this.estimate = Optional.of(estimate);
      return this;
    }

    public Builder variants(List<Variant> variants) {
      this.variants = variants;
      return this;
    }

    public Builder traceId(String traceId) {
      this.traceId = traceId;
      return this;
    }

    public Builder clicks(CampaignKpis.Clicks clicks) {
      this.clicks = Optional.of(clicks);
      return this;
    }

    public Builder abTest(AbTest abTest) {
      this.abTest = Optional.of(abTest);
      return this;
    }

    public CampaignProgress build() {
      return new CampaignProgress(
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
          abTest);
    }
  }
}
