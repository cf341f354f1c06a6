package dev.relais.operator.model;

import dev.relais.operator.api.SenderIdSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a SenderId spec against what carriers accept and French rules; the same checks as the CRD
 * schema, for API servers (or older CRDs) that did not enforce them.
 */
public final class SenderIdValidator {

  private static final Pattern ALPHANUMERIC = Pattern.compile("[A-Za-z0-9 ]{1,11}");
  private static final Pattern HAS_LETTER = Pattern.compile(".*[A-Za-z].*");
  private static final Pattern SHORTCODE = Pattern.compile("[0-9]{3,8}");
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
  private static final Pattern FRENCH_MOBILE = Pattern.compile("\\+?33[67][0-9]*");
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

  private SenderIdValidator() {}

  /** Readable problems of the spec; empty when the sender may be used. */
  public static List<String> problems(SenderIdSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec == null) {
      return List.of("spec is missing");
    }
    String value = spec.value == null ? "" : spec.value.strip();
    if (value.isEmpty()) {
      problems.add("value is missing");
    } else if (FRENCH_MOBILE.matcher(value.replace(" ", "")).matches()) {
      problems.add("French mobile numbers (+33 6, +33 7) cannot be business senders");
    } else if (spec.type == null) {
      problems.add("type is missing (alphanumeric, shortcode or longnumber)");
    } else {
      switch (spec.type) {
        case "alphanumeric" -> {
          if (!ALPHANUMERIC.matcher(value).matches()) {
            problems.add(
                "an alphanumeric sender has at most 11 letters, digits or spaces, not "
                    + value.length()
                    + " characters");
          }
          if (!HAS_LETTER.matcher(value).matches()) {
            problems.add("an alphanumeric sender needs at least one letter");
          }
        }
        case "shortcode" -> {
          if (!SHORTCODE.matcher(value).matches()) {
            problems.add("a short code has 3 to 8 digits");
          }
        }
        case "longnumber" -> {
          if (!E164.matcher(value).matches()) {
            problems.add("a long number is an E.164 number such as +33159000000");
          }
        }
        default ->
            problems.add(
                "type must be alphanumeric, shortcode or longnumber, not '" + spec.type + "'");
      }
    }
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
