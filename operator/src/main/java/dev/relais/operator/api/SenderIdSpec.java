package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Desired state of a SenderId. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.type != 'alphanumeric' || self.value.matches('^[A-Za-z0-9 ]{1,11}$')",
    message = "an alphanumeric sender has at most 11 letters, digits or spaces")
@ValidationRule(
    value = "self.type != 'alphanumeric' || self.value.matches('[A-Za-z]')",
    message = "an alphanumeric sender needs at least one letter")
@ValidationRule(
    value = "!self.value.matches('^\\\\+33[67]')",
    message = "French mobile numbers (+33 6, +33 7) cannot be business senders")
public class SenderIdSpec {

  @JsonPropertyDescription("Kind of sender: alphanumeric, shortcode or longnumber.")
  @Required
  @Pattern("^(alphanumeric|shortcode|longnumber)$")
  public String type;

  @JsonPropertyDescription(
      "The sender as it appears on the handset, e.g. \"RELAIS\", \"36111\" or \"+33159000000\".")
  @Required
  @Pattern("^[A-Za-z0-9 +]{1,16}$")
  public String value;

  @JsonPropertyDescription("ISO 3166 countries where this sender may be used, e.g. [\"FR\"].")
  public List<@Pattern("^[A-Z]{2}$") String> countries = new ArrayList<>();

  @JsonPropertyDescription("Opt-out mention appended to every marketing SMS, e.g. \"STOP 36111\".")
  public String stopMention;

  @JsonPropertyDescription("Whether recipients can reply (MO) to this sender.")
  @Default("false")
  public Boolean twoWay = false;
}
