package dev.relais.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.relais.sms.address.SenderIdRules;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/**
 * Desired state of a SenderId. The CEL rules are written from sms-rules' {@link SenderIdRules}, the
 * rules the operator and the scheduler apply, one rule per reason, so that the API server refuses
 * exactly what they would and says why in the same words.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!self.value.matches('" + SenderIdRules.FRENCH_MOBILE_PATTERN + "')",
    message = SenderIdRules.FRENCH_MOBILE_MESSAGE)
@ValidationRule(
    value = "!self.value.matches('" + SenderIdRules.NATIONAL_NUMBER_PATTERN + "')",
    message = SenderIdRules.NATIONAL_NUMBER_MESSAGE)
@ValidationRule(
    value = "!self.value.matches('" + SenderIdRules.INTERNATIONAL_PREFIX_PATTERN + "')",
    message = SenderIdRules.INTERNATIONAL_PREFIX_MESSAGE)
@ValidationRule(
    value =
        "self.type != 'alphanumeric' || self.value.matches('"
            + SenderIdRules.ALPHANUMERIC_CHARACTERS_PATTERN
            + "')",
    message = SenderIdRules.ALPHANUMERIC_CHARACTERS_MESSAGE)
@ValidationRule(
    value =
        "self.type != 'alphanumeric' || size(self.value) <= "
            + SenderIdRules.ALPHANUMERIC_MAX_LENGTH,
    message = SenderIdRules.ALPHANUMERIC_LENGTH_MESSAGE)
@ValidationRule(
    value =
        "self.type != 'alphanumeric' || self.value.matches('" + SenderIdRules.LETTER_PATTERN + "')",
    message = SenderIdRules.LETTER_MESSAGE)
@ValidationRule(
    value =
        "self.type != 'shortcode' || self.value.matches('"
            + SenderIdRules.SHORT_CODE_CHARACTERS_PATTERN
            + "')",
    message = SenderIdRules.SHORT_CODE_CHARACTERS_MESSAGE)
@ValidationRule(
    value =
        "self.type != 'shortcode' || !self.value.matches('"
            + SenderIdRules.SHORT_CODE_CHARACTERS_PATTERN
            + "') || self.value.matches('"
            + SenderIdRules.SHORT_CODE_PATTERN
            + "')",
    message = SenderIdRules.SHORT_CODE_LENGTH_MESSAGE)
@ValidationRule(
    value =
        "self.type != 'longnumber' || self.value.matches('"
            + SenderIdRules.LONG_NUMBER_PLUS_PATTERN
            + "') || self.value.matches('"
            + SenderIdRules.NATIONAL_NUMBER_PATTERN
            + "') || self.value.matches('"
            + SenderIdRules.INTERNATIONAL_PREFIX_PATTERN
            + "')",
    message = SenderIdRules.LONG_NUMBER_PLUS_MESSAGE)
@ValidationRule(
    value =
        "self.type != 'longnumber' || self.value.matches('"
            + SenderIdRules.LONG_NUMBER_CHARACTERS_PATTERN
            + "')",
    message = SenderIdRules.LONG_NUMBER_CHARACTERS_MESSAGE)
@ValidationRule(
    value =
        "self.type != 'longnumber' || !self.value.matches('"
            + SenderIdRules.LONG_NUMBER_ZERO_PATTERN
            + "')",
    message = SenderIdRules.LONG_NUMBER_ZERO_MESSAGE)
@ValidationRule(
    value =
        "self.type != 'longnumber' || !self.value.matches('"
            + SenderIdRules.LONG_NUMBER_DIGITS_PATTERN
            + "') || self.value.matches('"
            + SenderIdRules.LONG_NUMBER_LENGTH_PATTERN
            + "')",
    message = SenderIdRules.LONG_NUMBER_LENGTH_MESSAGE)
@ValidationRule(
    value =
        "self.type != 'alphanumeric' || !has(self.stopMention) || self.stopMention.matches('^ *$')"
            + " || self.stopMention.matches('"
            + SenderIdRules.STOP_MENTION_NUMBER_PATTERN
            + "')",
    message = SenderIdRules.STOP_MENTION_NUMBER_MESSAGE)
public class SenderIdSpec {

  @JsonPropertyDescription(
      "Kind of sender: alphanumeric (one-way: recipients cannot reply), shortcode or longnumber"
          + " (replies, such as STOP, come back to the platform).")
  @Required
  @Pattern("^(alphanumeric|shortcode|longnumber)$")
  public String type;

  @JsonPropertyDescription(
      "The sender as it appears on the handset, e.g. \"RELAIS\", \"36111\" or \"+33159000000\".")
  @Required
  @Size(min = 1, max = 32)
  public String value;

  @JsonPropertyDescription("ISO 3166 countries where this sender may be used, e.g. [\"FR\"].")
  public List<@Pattern("^[A-Z]{2}$") String> countries = new ArrayList<>();

  @JsonPropertyDescription(
      "Opt-out mention appended to every marketing SMS, e.g. \"STOP 36111\". An alphanumeric"
          + " sender cannot receive replies, so its mention must give the number to send STOP to"
          + " (\"STOP 36111\", \"STOP au 36111\"), not a bare \"STOP\".")
  @Size(max = 160)
  public String stopMention;
}
