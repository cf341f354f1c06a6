package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a Campaign. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.abTest) || (has(self.variants) && size(self.variants) >= 2)",
    message = "abTest needs at least two variants")
@ValidationRule(
    value =
        "!has(self.abTest) || !has(self.abTest.fallback)"
            + " || (has(self.variants) && self.variants.exists(v, v.name == self.abTest.fallback))",
    message = "abTest.fallback must name one of the variants")
public class CampaignSpec {

  @JsonPropertyDescription("marketing (needs consent, quiet hours, STOP mention) or transactional.")
  @Required
  @Pattern("^(marketing|transactional)$")
  public String type;

  @JsonPropertyDescription("Name of the SenderId to send from.")
  @Required
  @Pattern(Names.RESOURCE_NAME)
  public String senderIdRef;

  @JsonPropertyDescription("Who receives the campaign.")
  @Required
  public Audience audience;

  @JsonPropertyDescription(
      "Message template; {{firstName}} or {{firstName|client}} insert contact fields, {{link}}"
          + " a tracked short link to landingUrl and {{link:https://...}} one to that URL (each"
          + " recipient gets its own link, on the SmsPlatform's linkTrackingBaseUrl). Sent to"
          + " every recipient, unless variants are set: then each recipient receives its"
          + " variant's template instead.")
  @Required
  @Size(min = 1, max = 1600)
  public String template;

  @JsonPropertyDescription(
      "The campaign's landing page, an https URL: where {{link}} in the template (or a variant)"
          + " leads. Required for {{link}}; each recipient's message carries its own short link"
          + " to it.")
  @Pattern("^https://[^\\s/?#]+[^\\s]*$")
  @Size(max = 2048)
  public String landingUrl;

  @JsonPropertyDescription(
      "A/B variants. When set they replace the template entirely: each recipient receives exactly"
          + " one variant's template, and template is not sent (keep the control's text as a"
          + " variant too). A variant's share of the audience is its weight over the sum of the"
          + " weights; which variant a recipient gets follows from a stable hash of the campaign"
          + " (namespace/name) and the recipient's number, so it never changes for that campaign."
          + " Each variant is checked as the template is (placeholders, maxParts, STOP mention);"
          + " status.variants reports each one's encoding and counts.")
  @Size(max = 10)
  @ValidationRule(
      value = "self.all(v, self.exists_one(w, w.name == v.name))",
      message = "variant names must be unique")
  public List<Variant> variants = new ArrayList<>();

  @JsonPropertyDescription(
      "Test, then send the winner: a sample of the audience receives the variants first; after"
          + " decideAfter the variant with the best results on metric goes to the rest (the"
          + " fallback when the test is inconclusive). Needs at least two variants; without it"
          + " every recipient receives its variant at once (docs/campaigns.md).")
  public AbTest abTest;

  @JsonPropertyDescription("When and how fast to send.")
  public Schedule schedule;

  @JsonPropertyDescription("Compliance policy, e.g. fr-marketing or transactional.")
  @Pattern("^[a-z0-9-]{1,40}$")
  public String policy;

  @JsonPropertyDescription("Region for numbers written without a country code.")
  @Pattern("^[A-Z]{2}$")
  @Default("FR")
  public String defaultRegion = "FR";

  @JsonPropertyDescription(
      "Marketing only: most SMS per contact over a period, counting every campaign; 4 per 30"
          + " days when absent.")
  public FrequencyCapSpec frequencyCap;

  @JsonPropertyDescription(
      "Most SMS parts one message may take (10 when absent). The campaign is refused when its"
          + " template can make a longer message: template, STOP mention, each placeholder counted"
          + " as 50 characters (see docs/compliance.md).")
  @Min(1)
  @Max(255)
  public Integer maxParts;

  @JsonPropertyDescription(
      "Send every message in GSM-7 where a readable look-alike exists: typographic apostrophes and"
          + " quotes become ' and \", no-break and narrow spaces become spaces, ê ô â î û ë ï ç"
          + " lose their accent, œ becomes oe, … becomes ..., dashes become -. Applied to each"
          + " rendered message (template, contact values, STOP mention) before its parts are"
          + " counted and priced. Emojis and other scripts keep a message in UCS-2. False (the"
          + " default) sends the text as written: one such character makes the message UCS-2 (70"
          + " characters a part instead of 160).")
  @Default("false")
  public Boolean transliterate = false;

  @JsonPropertyDescription(
      "How long after its messages an order is attributed to this campaign (conversions);"
          + " analytics' defaults (5 days after a click, 24 hours after a delivery) when absent.")
  public Attribution attribution;

  @JsonPropertyDescription("Pause sending: queued messages wait, nothing new is expanded.")
  @Default("false")
  public Boolean suspend = false;

  /** How many marketing SMS one contact may receive over a period. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class FrequencyCapSpec {

    @JsonPropertyDescription("Most marketing SMS per contact within the period.")
    @Min(1)
    @Max(100)
    public Integer maxMessages;

    @JsonPropertyDescription(
        "Length of the period, in days (contacts keep 90 days of marketing-send history).")
    @Min(1)
    @Max(90)
    public Integer periodDays;
  }

  /** Audience of a campaign. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value = "has(self.segmentRef) != has(self.list)",
      message = "audience needs either segmentRef or list, not both")
  public static class Audience {

    @JsonPropertyDescription("Name of a Segment resource in the campaign's namespace.")
    @Pattern(Names.RESOURCE_NAME)
    public String segmentRef;

    @JsonPropertyDescription("A contact list, when no segment is given.")
    public String list;

    @JsonPropertyDescription("Contacts must carry all these tags.")
    public List<String> tags = new ArrayList<>();
  }

  /** One A/B variant. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Variant {

    @JsonPropertyDescription("Variant name, e.g. \"a\".")
    @Required
    @Pattern("^[a-z0-9-]{1,20}$")
    public String name;

    @JsonPropertyDescription(
        "Relative weight of this variant: its share is weight / sum of the variants' weights.")
    @Min(1)
    @Max(100)
    @Default("1")
    public Integer weight = 1;

    @JsonPropertyDescription(
        "Template of this variant, sent instead of spec.template to this variant's share; same"
            + " placeholders as spec.template.")
    @Required
    @Size(min = 1, max = 1600)
    public String template;
  }

  /** Test the variants on a sample, then send the winner to the rest of the audience. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class AbTest {

    @JsonPropertyDescription(
        "Share of the audience in the test sample, in percent (1 to 50); raised when needed to"
            + " reach minPerVariant.")
    @Required
    @Min(1)
    @Max(50)
    public Integer samplePercent;

    @JsonPropertyDescription(
        "Fewest recipients per variant in the sample when the audience is large enough; 100 when"
            + " absent.")
    @Min(1)
    @Max(1000000)
    @Default("100")
    public Integer minPerVariant = 100;

    @JsonPropertyDescription(
        "When the winner is chosen, an ISO-8601 duration after schedule.start (after the"
            + " campaign's creation when it has no start), e.g. PT4H; the decision must fall"
            + " before the deadline.")
    @Required
    @Pattern(SmsPlatformSpec.DURATION)
    public String decideAfter;

    @JsonPropertyDescription(
        "What the variants are compared on: clicks (recipients who clicked a tracked link, of"
            + " those delivered), conversions (of those delivered) or delivery (delivered, of"
            + " those queued).")
    @Pattern("^(clicks|conversions|delivery)$")
    @Default("clicks")
    public String metric = "clicks";

    @JsonPropertyDescription(
        "How the winner is decided: zTest (two-sided two-proportion z-test of the best variant"
            + " against the first one, the control) or bayesian (probability to beat the"
            + " control).")
    @Pattern("^(zTest|bayesian)$")
    @Default("zTest")
    public String method = "zTest";

    @JsonPropertyDescription(
        "Confidence the decision needs, 0.5 to 0.999: zTest is conclusive when its p-value is"
            + " below 1 - confidence, bayesian when the probability to beat the control reaches"
            + " it.")
    @Min(0.5)
    @Max(0.999)
    @Default("0.95")
    public Double confidence = 0.95;

    @JsonPropertyDescription(
        "The variant sent to the rest when the test is inconclusive; the first variant (the"
            + " control) when absent.")
    @Pattern("^[a-z0-9-]{1,20}$")
    public String fallback;
  }

  /** The conversion attribution windows of a campaign's messages. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Attribution {

    @JsonPropertyDescription(
        "An order placed within this long after a human click on one of the campaign's tracked"
            + " links is attributed to the message clicked, an ISO-8601 duration from PT1M to"
            + " P30D, e.g. P2D; analytics' conversions.clickwindow (5 days) when unset.")
    @Pattern(SmsPlatformSpec.DURATION)
    public String clickWindow;

    @JsonPropertyDescription(
        "Without such a click, an order placed within this long after the delivery of one of"
            + " the campaign's messages is attributed to it, an ISO-8601 duration from PT1M to"
            + " P30D, e.g. PT12H; analytics' conversions.deliverywindow (24 hours) when unset.")
    @Pattern(SmsPlatformSpec.DURATION)
    public String deliveryWindow;
  }

  /** Timing of a campaign. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Schedule {

    @JsonPropertyDescription("Earliest send time (RFC 3339); now when absent.")
    @Pattern(Names.RFC3339)
    public String start;

    @JsonPropertyDescription("Nothing is sent after this time (RFC 3339); start + 24h when absent.")
    @Pattern(Names.RFC3339)
    public String deadline;

    @JsonPropertyDescription(
        "IANA time zone used when a recipient's own cannot be told, e.g. Europe/Paris.")
    @Pattern("^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$")
    @Default("Europe/Paris")
    public String timeZone = "Europe/Paris";

    @JsonPropertyDescription(
        "Messages per second for the whole campaign; 0 leaves it to the routes.")
    @Min(0)
    @Max(100000)
    @Default("0")
    public Integer maxRate = 0;
  }
}
