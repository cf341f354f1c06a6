package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.PrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
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
    name = "Ready",
    jsonPath = RelaisStatus.READY_PATH,
    getDescription = RelaisStatus.READY_DESCRIPTION)
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
            + " every placeholder empty (its fallback when it has one), STOP mention included.")
    public Encoding encoding;

    @JsonPropertyDescription(
        "Queued messages sent in UCS-2 (a character outside GSM-7 in the template or in a"
            + " contact's values, e.g. a first name with ç): part of queued.")
    public Long queuedUcs2;

    @JsonPropertyDescription("SMS parts of the messages queued in UCS-2.")
    public Long queuedUcs2Parts;

    @JsonPropertyDescription(
        "Estimated parts and cost of the audience, from the Segment's estimatedSize and the"
            + " template's parts, before any message is queued; cost then reports the real"
            + " figures.")
    public Estimate estimate;
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

    @JsonPropertyDescription("Contacts the audience is estimated to hold (Segment estimatedSize).")
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
