package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A bulk SMS campaign: who, what, when, under which compliance policy. */
@Group("relais.dev")
@Version("v1alpha1")
@ShortNames({"camp", "campaigns-sms"})
@AdditionalPrinterColumn(
    name = "Clicks",
    jsonPath = ".status.kpis.uniqueClicks",
    type = AdditionalPrinterColumn.Type.INTEGER,
    getDescription = "Tracked links clicked by a human at least once (status.kpis.uniqueClicks).")
@AdditionalPrinterColumn(
    name = "ROI",
    jsonPath = ".status.kpis.roi",
    getDescription = "(revenue - cost) / cost (status.kpis.roi).")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = RelaisStatus.READY_PATH,
    getDescription = RelaisStatus.READY_DESCRIPTION)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = RelaisStatus.AGE_PATH,
    type = AdditionalPrinterColumn.Type.DATE)
@Categories(RelaisStatus.CATEGORY)
public class Campaign extends CustomResource<CampaignSpec, Campaign.Status> implements Namespaced {

  @Override
  @JsonPropertyDescription(
      "What to send, to whom and when; the scheduler receives it on every change.")
  public CampaignSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("Progress and delivery figures reported by the scheduler.")
  public Status getStatus() {
    return super.getStatus();
  }

  /** Observed state and KPIs of the campaign. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Status extends RelaisStatus {

    @JsonPropertyDescription("Pending, Scheduled, Sending, Held, Paused, Completed or Failed.")
    @PrinterColumn(name = "Phase")
    public String phase;

    @JsonPropertyDescription("Share of the audience resolved (queued or left out), e.g. \"42%\".")
    @PrinterColumn(name = "Progress")
    public String progress;

    @JsonPropertyDescription("Delivered over submitted, e.g. \"97.5%\".")
    @PrinterColumn(name = "Delivery")
    public String deliveryRate;

    @JsonPropertyDescription("Contacts read from the audience so far.")
    public Long audience;

    @JsonPropertyDescription(
        "Trace id of the campaign in the tracing backend (OpenTelemetry): its reconcile, expansion"
            + " and the traced messages' submits, receipts and events (docs/operations.md).")
    public String traceId;

    @JsonPropertyDescription(
        "Contacts left out, by reason (no-consent, opted-out, capped, invalid, no-route...).")
    public Map<String, Long> suppressed = new LinkedHashMap<>();

    @JsonPropertyDescription("Messages queued for dispatch.")
    public Long queued;

    @JsonPropertyDescription("Messages accepted by the SMSC.")
    public Long submitted;

    @JsonPropertyDescription("Messages confirmed delivered by a receipt.")
    public Long delivered;

    @JsonPropertyDescription("Messages refused by the SMSC or reported undelivered.")
    public Long failed;

    @JsonPropertyDescription("Messages that reached their deadline unsent.")
    public Long expired;

    @JsonPropertyDescription("Recipients who opted out in reply to this campaign.")
    public Long optedOut;

    @JsonPropertyDescription(
        "Messages accepted by the SMSC without a message id (counted in submitted): no delivery"
            + " receipt can name them, so whether they were delivered stays unknown.")
    public Long deliveryUnknown;

    @JsonPropertyDescription(
        "What the queued parts cost at their routes' costPerSegment, known once expansion has"
            + " started.")
    public Cost cost;

    @JsonPropertyDescription(
        "How the template travels as SMS, known before sending: measured on its message with"
            + " every placeholder empty (its fallback when it has one), each tracked link as long as"
            + " the short link it becomes, STOP mention included.")
    public Encoding encoding;

    @JsonPropertyDescription(
        "Queued messages sent in UCS-2 (a character outside GSM-7 in the template or in a"
            + " contact's values, e.g. a first name with ç): part of queued.")
    public Long queuedUcs2;

    @JsonPropertyDescription("SMS parts of the messages queued in UCS-2.")
    public Long queuedUcs2Parts;

    @JsonPropertyDescription(
        "Estimated parts and cost of the audience, from its size (the Segment's estimatedSize,"
            + " or the contacts of audience.list and audience.tags counted when the generation"
            + " is handed to the scheduler) and the template's parts, before any message is"
            + " queued; cost then reports the real figures.")
    public Estimate estimate;

    @JsonPropertyDescription(
        "Key performance indicators: clicks, rates over delivered messages, conversions, revenue"
            + " and ROI (docs/campaigns.md). Absent until messages are queued.")
    public Kpis kpis;

    @JsonPropertyDescription(
        "One entry per A/B variant of spec.variants, in their order: its encoding preview and"
            + " counts. Absent for a campaign without variants.")
    public List<VariantStatus> variants;

    @JsonPropertyDescription(
        "The A/B test of spec.abTest: its stage, sample, decision time and, once decided, the"
            + " winner sent to the rest and the figures it was chosen on. Absent without abTest.")
    public AbTestStatus abTest;
  }

  /** Progress and decision of a campaign's A/B test. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AbTestStatus {

    @JsonPropertyDescription(
        "Sampling (the sample is being queued, the rest waits), Waiting (the sample is queued, the"
            + " decision waits for decideAt) or Decided (the winner goes to the rest).")
    public String stage;

    @JsonPropertyDescription("Recipients of the audience in the sample so far.")
    public Long sample;

    @JsonPropertyDescription("When the winner is chosen (RFC 3339).")
    public String decideAt;

    @JsonPropertyDescription("The variant the rest of the audience receives, once decided.")
    public String winner;

    @JsonPropertyDescription(
        "True when the test met the confidence; false when the winner is abTest.fallback (or the"
            + " control) because it did not.")
    public Boolean conclusive;

    @JsonPropertyDescription(
        "Why this winner, in one sentence, e.g. \"b beats a on clicks: 12.0% against 8.1%, p ="
            + " 0.012 < 0.05\".")
    public String reason;

    @JsonPropertyDescription("When the winner was chosen (RFC 3339).")
    public String decidedAt;

    @JsonPropertyDescription(
        "zTest: the two-sided p-value of the best variant against the control, e.g. \"0.0123\".")
    public String pValue;

    @JsonPropertyDescription(
        "bayesian: the best variant's probability to beat the control, e.g. \"0.9731\".")
    public String probabilityToBeatControl;

    @JsonPropertyDescription("What the variants were compared on: clicks, conversions or delivery.")
    public String metric;

    @JsonPropertyDescription("How the winner was decided: zTest or bayesian.")
    public String method;

    @JsonPropertyDescription(
        "The figures the decision was made on, one entry per variant in spec.variants' order.")
    public List<AbTestArm> arms;
  }

  /** One variant's figures in an A/B test decision. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AbTestArm {

    @JsonPropertyDescription("The variant's name.")
    public String variant;

    @JsonPropertyDescription("Recipients counted as a success: clicked, converted or delivered.")
    public Long successes;

    @JsonPropertyDescription(
        "What the rate is taken over: messages delivered (clicks, conversions) or queued"
            + " (delivery).")
    public Long trials;

    @JsonPropertyDescription("successes over trials, e.g. \"12.5%\".")
    public String rate;
  }

  /** One A/B variant's encoding preview and counts. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VariantStatus {

    @JsonPropertyDescription("The variant's name (spec.variants[].name).")
    public String name;

    @JsonPropertyDescription("Its weight: its share of the audience is weight / sum of weights.")
    public Integer weight;

    @JsonPropertyDescription(
        "How the variant's template travels as SMS, measured as status.encoding is.")
    public Encoding encoding;

    @JsonPropertyDescription("Messages of this variant queued for dispatch.")
    public Long queued;

    @JsonPropertyDescription("SMS parts of those messages.")
    public Long queuedParts;

    @JsonPropertyDescription("Messages of this variant accepted by the SMSC.")
    public Long submitted;

    @JsonPropertyDescription("Messages of this variant confirmed delivered by a receipt.")
    public Long delivered;

    @JsonPropertyDescription(
        "Messages of this variant refused by the SMSC or reported undelivered.")
    public Long failed;

    @JsonPropertyDescription("Messages of this variant that reached their deadline unsent.")
    public Long expired;

    @JsonPropertyDescription("Recipients who opted out in reply to this variant.")
    public Long optedOut;

    @JsonPropertyDescription("Delivered over submitted for this variant, e.g. \"97.5%\".")
    public String deliveryRate;

    @JsonPropertyDescription(
        "What this variant's queued parts cost at their routes' costPerSegment, one entry per"
            + " currency.")
    public List<Money> cost;

    @JsonPropertyDescription("This variant's KPIs, defined as status.kpis is.")
    public Kpis kpis;
  }

  /**
   * Key performance indicators of a campaign or of one A/B variant. A figure is absent when it
   * cannot be known, never shown as a zero that is not one.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Kpis {

    @JsonPropertyDescription(
        "Human clicks on the tracked links, every one. Absent when clicks are not counted: the"
            + " platform has no link tracking, the template has no link, or the links service did"
            + " not answer.")
    public Long clicks;

    @JsonPropertyDescription(
        "Tracked links clicked by a human at least once. Absent, with clickRate, under the"
            + " platform's aggregate-only link tracking (spec.links.aggregateOnly), which does not"
            + " count them.")
    public Long uniqueClicks;

    @JsonPropertyDescription(
        "Clicks of link-preview fetchers, crawlers and link checkers, in neither clicks nor"
            + " uniqueClicks.")
    public Long botClicks;

    @JsonPropertyDescription("uniqueClicks over delivered, e.g. \"12.5%\".")
    public String clickRate;

    @JsonPropertyDescription("Opt-outs in reply over delivered, e.g. \"0.4%\".")
    public String optOutRate;

    @JsonPropertyDescription("Conversions (orders) attributed to the messages.")
    public Long conversions;

    @JsonPropertyDescription("conversions over delivered, e.g. \"2.1%\".")
    public String conversionRate;

    @JsonPropertyDescription(
        "Revenue of the conversions, one entry per currency; absent when none is recorded.")
    public List<Money> revenue;

    @JsonPropertyDescription("Revenue over delivered messages, one entry per currency of revenue.")
    public List<Money> revenuePerMessage;

    @JsonPropertyDescription(
        "Return on investment, (revenue - cost) / cost, e.g. \"240%\". Absent when the cost is"
            + " unknown or in several currencies, or some revenue is in another currency than the"
            + " cost's: no exchange rate is applied.")
    public String roi;
  }

  /** An amount in one currency. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Money {

    @JsonPropertyDescription("Decimal amount, e.g. \"149.70\".")
    public String amount;

    @JsonPropertyDescription("ISO 4217 currency of the amount, e.g. EUR.")
    public String currency;
  }

  /** The encoding preview of a campaign's template. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Encoding {

    @JsonPropertyDescription("GSM-7 or UCS-2.")
    public String encoding;

    @JsonPropertyDescription("SMS parts of the template's message.")
    public Integer parts;

    @JsonPropertyDescription(
        "Characters of the template that make it UCS-2, each with its first position, e.g."
            + " \"’ (U+2019) at column 34\".")
    public List<String> ucs2Characters = new ArrayList<>();

    @JsonPropertyDescription(
        "What to do about it: the parts with spec.transliterate, or why a character stays UCS-2.")
    public String advice;
  }

  /** The cost estimate of a campaign's audience before sending. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Estimate {

    @JsonPropertyDescription(
        "Contacts the audience is estimated to hold (Segment estimatedSize, or the list"
            + " and tags counted by contacts).")
    public Long audience;

    @JsonPropertyDescription("SMS parts of one message (encoding.parts).")
    public Integer partsPerMessage;

    @JsonPropertyDescription("audience times partsPerMessage.")
    public Long parts;

    @JsonPropertyDescription(
        "Decimal amount at the costPerSegment of the route serving the default region; absent"
            + " when that route has no price.")
    public String amount;

    @JsonPropertyDescription("ISO 4217 currency of amount.")
    public String currency;

    @JsonPropertyDescription("The SmppRoute whose price is used.")
    public String route;
  }

  /** The cost preview of a campaign's queued parts. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Cost {

    @JsonPropertyDescription("Decimal amount, e.g. \"12.34\".")
    public String amount;

    @JsonPropertyDescription("ISO 4217 currency of the amount, e.g. EUR.")
    public String currency;

    @JsonPropertyDescription("SMS parts priced in the amount.")
    public Long pricedParts;

    @JsonPropertyDescription(
        "SMS parts queued on routes without costPerSegment: not in the amount.")
    public Long unpricedParts;
  }
}
