package dev.relais.sms.address;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a sender id may be: an alphanumeric name of 1 to 11 letters, digits or spaces with at least
 * one letter (the subset of GSM-7 every carrier shows), a short code of 3 to 8 digits, or a long
 * number in E.164 form; never a French mobile number (+33 6, +33 7), which businesses may not use.
 *
 * <p>The patterns are public constants so that the SenderId CRD's CEL rules are written from them:
 * they read the same in Java, in RE2 and inside a CEL string literal (no backslash), and are
 * matched as CEL's {@code matches()} does, anywhere in the value unless anchored. The value is
 * checked as written: surrounding spaces are not stripped here.
 */
public final class SenderIdRules {

  public static final String FRENCH_MOBILE_PATTERN = "^[+]33 *[67]";
  public static final String FRENCH_MOBILE_MESSAGE =
      "French mobile numbers (+33 6, +33 7) cannot be business senders";

  public static final String ALPHANUMERIC_PATTERN = "^[A-Za-z0-9 ]{1,11}$";
  public static final String ALPHANUMERIC_MESSAGE =
      "an alphanumeric sender has at most 11 letters, digits or spaces";

  public static final String LETTER_PATTERN = "[A-Za-z]";
  public static final String LETTER_MESSAGE = "an alphanumeric sender needs at least one letter";

  public static final String SHORT_CODE_PATTERN = "^[0-9]{3,8}$";
  public static final String SHORT_CODE_MESSAGE = "a short code has 3 to 8 digits";

  public static final String LONG_NUMBER_PATTERN = E164.PATTERN;
  public static final String LONG_NUMBER_MESSAGE =
      "a long number is an E.164 number such as +33159000000";

  private static final Pattern FRENCH_MOBILE = Pattern.compile(FRENCH_MOBILE_PATTERN);
  private static final Pattern ALPHANUMERIC = Pattern.compile(ALPHANUMERIC_PATTERN);
  private static final Pattern LETTER = Pattern.compile(LETTER_PATTERN);
  private static final Pattern SHORT_CODE = Pattern.compile(SHORT_CODE_PATTERN);

  private SenderIdRules() {}

  /**
   * Why {@code value} cannot be a sender of {@code kind}, every rule it breaks; empty if it can.
   */
  public static List<String> problems(SenderKind kind, String value) {
    List<String> problems = new ArrayList<>(2);
    if (isFrenchMobile(value)) {
      problems.add(FRENCH_MOBILE_MESSAGE);
    }
    switch (kind) {
      case ALPHANUMERIC -> {
        if (!ALPHANUMERIC.matcher(value).find()) {
          problems.add(ALPHANUMERIC_MESSAGE);
        }
        if (!LETTER.matcher(value).find()) {
          problems.add(LETTER_MESSAGE);
        }
      }
      case SHORT_CODE -> {
        if (!SHORT_CODE.matcher(value).find()) {
          problems.add(SHORT_CODE_MESSAGE);
        }
      }
      case LONG_NUMBER -> {
        if (!E164.isCanonical(value)) {
          problems.add(LONG_NUMBER_MESSAGE);
        }
      }
    }
    return List.copyOf(problems);
  }

  /**
   * The kind {@code value} is a valid sender of, for callers that only have the value; empty when
   * it is none (a French mobile number included). The kinds never overlap.
   */
  public static Optional<SenderKind> kindOf(String value) {
    for (SenderKind kind : SenderKind.values()) {
      if (problems(kind, value).isEmpty()) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code value} is a French mobile number written in international form. */
  public static boolean isFrenchMobile(String value) {
    return FRENCH_MOBILE.matcher(value).find();
  }
}
