package dev.relais.sms.address;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a sender id may be: an alphanumeric name of 1 to 11 letters, digits or spaces with at least
 * one letter (the subset of GSM-7 every carrier shows), a short code of 3 to 8 digits, or a long
 * number in E.164 form; never a personal mobile number of France or of its overseas departments,
 * which businesses may not use. And what the STOP mention of a sender that cannot receive replies
 * must say.
 *
 * <p>Each rule has one reason and one message, so that a refusal names the rule actually broken (an
 * 11-character name with an accent is refused for the accent, not for its length). The patterns and
 * messages are public constants so that the SenderId CRD's CEL rules are written from them: the
 * patterns read the same in Java, in RE2 and inside a CEL string literal (no backslash), and are
 * matched as CEL's {@code matches()} does, anywhere in the value unless anchored. {@link #problems}
 * says the same as the CRD's messages, more precisely where Java can (the forbidden character, the
 * length found). The value is checked as written: surrounding spaces are not stripped here.
 */
public final class SenderIdRules {

  /**
   * A personal mobile number: France's {@code +33 6} and {@code +33 7}, the overseas departments'
   * ranges as libphonenumber's metadata (from the ARCEP numbering plan) has them ({@code +590}
   * Guadeloupe, Saint-Barthélemy and Saint-Martin: 690, 691, 709; {@code +594} Guyane: 694, 709;
   * {@code +596} Martinique: 696, 697, 709; {@code +262} La Réunion: 692, 693, 709, and Mayotte:
   * 639, 709), or any of them in national form (06 or 07 and eight digits). SenderIdRulesTest
   * checks it against every mobile range libphonenumber knows in these regions.
   */
  public static final String FRENCH_MOBILE_PATTERN =
      "^[+](33 *(6|7)|590 *(690|691|709)|594 *(694|709)|596 *(696|697|709)|262 *(692|693|639|709))"
          + "|^0 *[67]( *[0-9]){8}$";

  public static final String FRENCH_MOBILE_MESSAGE =
      "mobile numbers of France and its overseas departments (+33 6/7, +590 690/691/709,"
          + " +594 694/709, +596 696/697/709, +262 692/693/639/709, 06, 07) are personal and"
          + " cannot be business senders";

  /** A number in national form: 0 then at least 8 more digits, e.g. 01 59 00 00 00. */
  public static final String NATIONAL_NUMBER_PATTERN = "^0 *[1-9]( *[0-9]){7,}$";

  public static final String NATIONAL_NUMBER_MESSAGE =
      "a phone number is written in E.164 form, not in national form: + and the country code,"
          + " then the number without its leading 0 (+33159000000 for 01 59 00 00 00)";

  /** A number written with the international prefix 00, e.g. 0033159000000. */
  public static final String INTERNATIONAL_PREFIX_PATTERN = "^0 *0 *[1-9]( *[0-9]){6,}$";

  public static final String INTERNATIONAL_PREFIX_MESSAGE =
      "a phone number is written in E.164 form, with + instead of 00 (+33159000000, not"
          + " 0033159000000)";

  public static final String ALPHANUMERIC_CHARACTERS_PATTERN = "^[A-Za-z0-9 ]*$";
  public static final String ALPHANUMERIC_CHARACTERS_MESSAGE =
      "an alphanumeric sender may hold only letters A to Z without accents, digits and spaces";

  public static final int ALPHANUMERIC_MAX_LENGTH = 11;
  public static final String ALPHANUMERIC_LENGTH_MESSAGE =
      "an alphanumeric sender has at most 11 characters, spaces included";

  public static final String LETTER_PATTERN = "[A-Za-z]";
  public static final String LETTER_MESSAGE =
      "an alphanumeric sender needs at least one letter (digits alone make a short code or a long"
          + " number)";

  public static final String SHORT_CODE_CHARACTERS_PATTERN = "^[0-9]*$";
  public static final String SHORT_CODE_CHARACTERS_MESSAGE =
      "a short code has digits only, without spaces or +";

  public static final String SHORT_CODE_PATTERN = "^[0-9]{3,8}$";
  public static final String SHORT_CODE_LENGTH_MESSAGE = "a short code has 3 to 8 digits";

  public static final String LONG_NUMBER_PLUS_PATTERN = "^[+]";
  public static final String LONG_NUMBER_PLUS_MESSAGE =
      "a long number starts with + and its country code, e.g. +33159000000";

  public static final String LONG_NUMBER_CHARACTERS_PATTERN = "^[+]?[0-9]*$";
  public static final String LONG_NUMBER_CHARACTERS_MESSAGE =
      "a long number is + and digits only, without spaces, e.g. +33159000000";

  public static final String LONG_NUMBER_ZERO_PATTERN = "^[+]0";
  public static final String LONG_NUMBER_ZERO_MESSAGE =
      "a country code never starts with 0: a long number reads +33159000000, not +033159000000";

  public static final String LONG_NUMBER_DIGITS_PATTERN = "^[+][0-9]*$";
  public static final String LONG_NUMBER_LENGTH_PATTERN = "^[+][0-9]{7,15}$";
  public static final String LONG_NUMBER_LENGTH_MESSAGE =
      "a long number has 7 to 15 digits after the +";

  /**
   * What a STOP mention must contain when its sender cannot receive replies: the word STOP, then
   * the number to send it to (at least 3 digits, spaces allowed), e.g. "STOP 36111" or "STOP au 36
   * 111".
   */
  public static final String STOP_MENTION_NUMBER_PATTERN =
      "[Ss][Tt][Oo][Pp][^0-9]*[0-9]( ?[0-9]){2,}";

  public static final String STOP_MENTION_NUMBER_MESSAGE =
      "an alphanumeric sender cannot receive replies, so its STOP mention must give the number"
          + " to send STOP to, e.g. 'STOP au 36111'";

  private static final Pattern FRENCH_MOBILE = Pattern.compile(FRENCH_MOBILE_PATTERN);
  private static final Pattern NATIONAL_NUMBER = Pattern.compile(NATIONAL_NUMBER_PATTERN);
  private static final Pattern INTERNATIONAL_PREFIX = Pattern.compile(INTERNATIONAL_PREFIX_PATTERN);
  private static final Pattern ALPHANUMERIC_CHARACTERS =
      Pattern.compile(ALPHANUMERIC_CHARACTERS_PATTERN);
  private static final Pattern LETTER = Pattern.compile(LETTER_PATTERN);
  private static final Pattern SHORT_CODE_CHARACTERS =
      Pattern.compile(SHORT_CODE_CHARACTERS_PATTERN);
  private static final Pattern SHORT_CODE = Pattern.compile(SHORT_CODE_PATTERN);
  private static final Pattern LONG_NUMBER_PLUS = Pattern.compile(LONG_NUMBER_PLUS_PATTERN);
  private static final Pattern LONG_NUMBER_CHARACTERS =
      Pattern.compile(LONG_NUMBER_CHARACTERS_PATTERN);
  private static final Pattern LONG_NUMBER_ZERO = Pattern.compile(LONG_NUMBER_ZERO_PATTERN);
  private static final Pattern LONG_NUMBER_DIGITS = Pattern.compile(LONG_NUMBER_DIGITS_PATTERN);
  private static final Pattern LONG_NUMBER_LENGTH = Pattern.compile(LONG_NUMBER_LENGTH_PATTERN);
  private static final Pattern STOP_MENTION_NUMBER = Pattern.compile(STOP_MENTION_NUMBER_PATTERN);

  private SenderIdRules() {}

  /**
   * Why {@code value} cannot be a sender of {@code kind}, one sentence per rule it breaks, naming
   * what breaks it; empty if it can.
   */
  public static List<String> problems(SenderKind kind, String value) {
    return check(kind, value, true);
  }

  /**
   * The rules {@code value} breaks as a sender of {@code kind}, each by its constant message (the
   * message the SenderId CRD gives for it); in the order of {@link #problems}.
   */
  public static List<String> brokenRules(SenderKind kind, String value) {
    return check(kind, value, false);
  }

  /**
   * Why {@code value} is no sender of any kind, for callers that have the value only: the problems
   * of the kind it most looks like (a number for digits, a name otherwise); empty if it is a
   * sender.
   */
  public static List<String> problems(String value) {
    return kindOf(value).isPresent() ? List.of() : problems(likelyKind(value), value);
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

  /** Whether {@code value} is a personal mobile number of France or its overseas departments. */
  public static boolean isFrenchMobile(String value) {
    return FRENCH_MOBILE.matcher(value).find();
  }

  /**
   * Why {@code stopMention} cannot be the STOP mention of a sender of {@code kind}; empty if it can
   * or if it is blank (a sender without a mention is not for marketing). Recipients cannot reply to
   * an alphanumeric sender, so its mention must give a number to write to.
   */
  public static List<String> stopMentionProblems(SenderKind kind, String stopMention) {
    if (kind != SenderKind.ALPHANUMERIC || stopMention == null || stopMention.isBlank()) {
      return List.of();
    }
    return STOP_MENTION_NUMBER.matcher(stopMention).find()
        ? List.of()
        : List.of(STOP_MENTION_NUMBER_MESSAGE);
  }

  private static List<String> check(SenderKind kind, String value, boolean detailed) {
    List<String> problems = new ArrayList<>(3);
    if (FRENCH_MOBILE.matcher(value).find()) {
      problems.add(FRENCH_MOBILE_MESSAGE);
    }
    boolean national = NATIONAL_NUMBER.matcher(value).find();
    boolean internationalPrefix = INTERNATIONAL_PREFIX.matcher(value).find();
    if (national) {
      problems.add(NATIONAL_NUMBER_MESSAGE);
    }
    if (internationalPrefix) {
      problems.add(INTERNATIONAL_PREFIX_MESSAGE);
    }
    switch (kind) {
      case ALPHANUMERIC -> {
        if (!ALPHANUMERIC_CHARACTERS.matcher(value).find()) {
          problems.add(
              detailed
                  ? forbidden(value, "[A-Za-z0-9 ]", "an alphanumeric sender")
                      + ", which may hold only letters A to Z without accents, digits and spaces"
                  : ALPHANUMERIC_CHARACTERS_MESSAGE);
        }
        int length = value.codePointCount(0, value.length());
        if (length > ALPHANUMERIC_MAX_LENGTH) {
          problems.add(
              ALPHANUMERIC_LENGTH_MESSAGE + (detailed ? " (this one has " + length + ")" : ""));
        }
        if (!LETTER.matcher(value).find()) {
          problems.add(LETTER_MESSAGE);
        }
      }
      case SHORT_CODE -> {
        if (!SHORT_CODE_CHARACTERS.matcher(value).find()) {
          problems.add(
              detailed
                  ? forbidden(value, "[0-9]", "a short code") + ", which has digits only"
                  : SHORT_CODE_CHARACTERS_MESSAGE);
        } else if (!SHORT_CODE.matcher(value).find()) {
          problems.add(
              SHORT_CODE_LENGTH_MESSAGE
                  + (detailed ? " (this one has " + value.length() + ")" : ""));
        }
      }
      case LONG_NUMBER -> {
        if (!LONG_NUMBER_PLUS.matcher(value).find() && !national && !internationalPrefix) {
          problems.add(LONG_NUMBER_PLUS_MESSAGE);
        }
        if (!LONG_NUMBER_CHARACTERS.matcher(value).find()) {
          problems.add(
              detailed
                  ? forbidden(
                          value.substring(value.startsWith("+") ? 1 : 0), "[0-9]", "a long number")
                      + ", which is + and digits only, e.g. +33159000000"
                  : LONG_NUMBER_CHARACTERS_MESSAGE);
        }
        if (LONG_NUMBER_ZERO.matcher(value).find()) {
          problems.add(LONG_NUMBER_ZERO_MESSAGE);
        }
        if (LONG_NUMBER_DIGITS.matcher(value).find() && !LONG_NUMBER_LENGTH.matcher(value).find()) {
          problems.add(
              LONG_NUMBER_LENGTH_MESSAGE
                  + (detailed ? " (this one has " + (value.length() - 1) + ")" : ""));
        }
      }
    }
    return List.copyOf(problems);
  }

  /** The kind a value that is no sender was most likely meant as. */
  private static SenderKind likelyKind(String value) {
    String digits = value.replace(" ", "");
    if (value.startsWith("+") || digits.startsWith("00")) {
      return SenderKind.LONG_NUMBER;
    }
    if (!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return digits.length() > AddressForm.SHORT_NUMBER_MAX_DIGITS
          ? SenderKind.LONG_NUMBER
          : SenderKind.SHORT_CODE;
    }
    return SenderKind.ALPHANUMERIC;
  }

  /** "'é', '&' cannot appear in {@code what}": every character of value outside allowed. */
  private static String forbidden(String value, String allowed, String what) {
    Pattern ok = Pattern.compile(allowed);
    Set<String> found = new LinkedHashSet<>();
    value
        .codePoints()
        .mapToObj(Character::toString)
        .filter(c -> !ok.matcher(c).matches())
        .forEach(c -> found.add(c.equals(" ") ? "a space" : "'" + c + "'"));
    return String.join(", ", found) + " cannot appear in " + what;
  }
}
