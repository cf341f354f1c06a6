package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a Campaign. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CampaignSpec {

  /** marketing (needs consent, quiet hours, STOP mention) or transactional. */
  @Required
  @Pattern("^(marketing|transactional)$")
  public String type;

  /** Name of the SenderId to send from. */
  @Required public String senderIdRef;

  /** Who receives the campaign. */
  @Required public Audience audience;

  /** Message template; {{firstName}} or {{firstName|client}} insert contact fields. */
  @Required
  @Size(min = 1, max = 1600)
  public String template;

  /** A/B variants replacing the template for a share of the audience. */
  public List<Variant> variants = new ArrayList<>();

  /** When and how fast to send. */
  public Schedule schedule;

  /** Compliance policy, e.g. fr-marketing or transactional. */
  @Pattern("^[a-z0-9-]{1,40}$")
  public String policy;

  /** Region for numbers written without a country code. */
  @Pattern("^[A-Z]{2}$")
  @Default("FR")
  public String defaultRegion = "FR";

  /** Pause sending: queued messages wait, nothing new is expanded. */
  @Default("false")
  public Boolean suspend = false;

  /** Audience of a campaign. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Audience {

    /** Name of a Segment resource. */
    public String segmentRef;

    /** A contact list, when no segment is given. */
    public String list;

    /** Contacts must carry all these tags. */
    public List<String> tags = new ArrayList<>();
  }

  /** One A/B variant. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Variant {

    /** Variant name, e.g. "a". */
    @Required
    @Pattern("^[a-z0-9-]{1,20}$")
    public String name;

    /** Relative weight of this variant. */
    @Min(1)
    @Max(100)
    @Default("1")
    public Integer weight = 1;

    /** Template of this variant. */
    @Required public String template;
  }

  /** Timing of a campaign. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Schedule {

    /** Earliest send time (RFC 3339); now when absent. */
    public String start;

    /** Nothing is sent after this time (RFC 3339); start + 24h when absent. */
    public String deadline;

    /** IANA time zone used when a recipient's own cannot be told, e.g. Europe/Paris. */
    @Default("Europe/Paris")
    public String timeZone = "Europe/Paris";

    /** Messages per second for the whole campaign; 0 leaves it to the routes. */
    @Min(0)
    @Max(100000)
    @Default("0")
    public Integer maxRate = 0;
  }
}
