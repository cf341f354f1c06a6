package dev.relais.operator.model;

import dev.relais.operator.api.SenderIdSpec;
import dev.relais.sms.address.SenderIdRules;
import dev.relais.sms.address.SenderKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a SenderId spec with the rules its CRD schema is written from (sms-rules' {@link
 * SenderIdRules}: the sender value, and the STOP mention of a sender that cannot receive replies),
 * for API servers (or older CRDs) that did not enforce them.
 */
public final class SenderIdValidator {

  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private SenderIdValidator() {}

  /** Readable problems of the spec; empty when the sender may be used. */
  public static List<String> problems(SenderIdSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return List.of("spec is missing");
    }
    String value = spec.value == null ? "" : spec.value;
    Optional<SenderKind> kind = SenderKind.named(spec.type);
    if (value.isBlank()) {
      problems.add("value is missing");
    } else if (kind.isPresent()) {
      problems.addAll(SenderIdRules.problems(kind.get(), value));
    } else {
      if (SenderIdRules.isFrenchMobile(value)) {
        problems.add(SenderIdRules.FRENCH_MOBILE_MESSAGE);
      }
      problems.add(
          spec.type == null
              ? "type is missing (alphanumeric, shortcode or longnumber)"
              : "type must be alphanumeric, shortcode or longnumber, not '" + spec.type + "'");
    }
    kind.ifPresent(k -> problems.addAll(SenderIdRules.stopMentionProblems(k, spec.stopMention)));
    if (spec.countries != null) {
      for (String country : spec.countries) {
        if (country == null || !COUNTRY.matcher(country).matches()) {
          problems.add("country '" + country + "' is not an ISO 3166 code such as FR");
        }
      }
    }
    return List.copyOf(problems);
  }
}
