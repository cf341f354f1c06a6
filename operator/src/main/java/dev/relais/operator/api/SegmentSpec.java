package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a Segment. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SegmentSpec {

  @JsonPropertyDescription("Contact list the segment draws from; all contacts when absent.")
  public String list;

  @JsonPropertyDescription("Contacts must carry all these tags.")
  public List<String> tags = new ArrayList<>();

  @JsonPropertyDescription(
      "Filter over contact attributes, e.g. \"city in ('Paris','Lyon') and lastPurchase > -90d\".")
  @Size(max = 2000)
  public String filter;

  @JsonPropertyDescription("Consent purpose required of every member.")
  @Pattern("^(sms-marketing|transactional)$")
  @Default("sms-marketing")
  public String purpose = "sms-marketing";
}
