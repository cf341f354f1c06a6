package dev.relais.sms.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns phone numbers as people write them into E.164, or says why it cannot.
 *
 * <p>Two levels of strictness. {@link #normaliseMobile} guards the marketing audience: the number
 * must be valid for its region and able to receive SMS. {@link #normalise} serves look-ups and
 * opt-outs, where refusing a number on a technicality would be worse than accepting it: a
 * well-formed number of a plausible length is enough, because an opt-out from a range newer than
 * libphonenumber's metadata must still be honoured.
 *
 * <p>Both apply the rule of {@link FrenchNumberingPlan}: a French national form of an overseas
 * number ({@code 0690 12 34 56}, {@code 0639 01 23 45}) becomes its real E.164 and region ({@code
 * +590690123456}, GP; {@code +262639012345}, YT), and a number of that plan in a block no territory
 * of it has numbers in is refused by both, never turned into a {@code +33} number that does not
 * exist. Numbers valid as written (every metropolitan mobile) are not affected and cost nothing
 * more.
 */
public final class PhoneNumbers {

  /** The phone field is empty. */
  public static final String MISSING_PHONE = "missing-phone";

  /** Not a phone number, or not one that exists in its region. */
  public static final String INVALID_NUMBER = "invalid-number";

  /** A real number that cannot receive SMS (fixed line, toll-free, premium rate, VoIP...). */
  public static final String NOT_MOBILE = "not-mobile";

  /**
   * Number types that can receive an SMS. FIXED_LINE_OR_MOBILE is accepted because some regions
   * (e.g. the US) do not distinguish the two in their numbering plan.
   */
  private static final Set<PhoneNumberType> SMS_CAPABLE =
      EnumSet.of(
          PhoneNumberType.MOBILE,
          PhoneNumberType.FIXED_LINE_OR_MOBILE,
          PhoneNumberType.PAGER,
          PhoneNumberType.PERSONAL_NUMBER);

  /** libphonenumber refuses longer inputs anyway; stop earlier on garbage. */
  private static final int MAX_INPUT_LENGTH = 64;

  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNumbers() {}

  /** Outcome of a normalisation. */
  public sealed interface Result permits Normalised, Rejected {}

  /**
   * A number in E.164 form ({@code +33612345678}) with the ISO 3166 region it belongs to ({@code
   * "FR"}; empty when the number is possible but not attributable to a region).
   */
  public record Normalised(String e164, String region) implements Result {}

  /** A refusal with its machine-readable reason ({@link #MISSING_PHONE}, ...). */
  public record Rejected(String reason) implements Result {}

  /** True for ISO 3166 codes libphonenumber knows, e.g. "FR", "be". */
  public static boolean isKnownRegion(String region) {
    return region != null
        && UTIL.getSupportedRegions().contains(region.trim().toUpperCase(Locale.ROOT));
  }

  /**
   * Strict form for contacts that will receive marketing SMS: valid and SMS-capable. National forms
   * ({@code 06 12 34 56 78}, {@code 0033...}) are read with {@code defaultRegion}.
   */
  public static Result normaliseMobile(String raw, String defaultRegion) {
    Parsed parsed = parse(raw, defaultRegion);
    if (parsed.rejection != null) {
      return new Rejected(parsed.rejection);
    }
    PhoneNumber number = parsed.number;
    // getNumberType is UNKNOWN exactly when the number is not valid for its region: one pass of
    // the metadata patterns instead of two (isValidNumber then getNumberType) on every row.
    PhoneNumberType type = UTIL.getNumberType(number);
    if (type == PhoneNumberType.UNKNOWN) {
      number = FrenchNumberingPlan.relocated(number);
      if (number == null) {
        return new Rejected(INVALID_NUMBER);
      }
      type = UTIL.getNumberType(number);
    }
    if (!SMS_CAPABLE.contains(type)) {
      return new Rejected(NOT_MOBILE);
    }
    return normalised(number);
  }

  /** Lenient form for look-ups and opt-outs: any possible number, see the class comment. */
  public static Result normalise(String raw, String defaultRegion) {
    Parsed parsed = parse(raw, defaultRegion);
    if (parsed.rejection != null) {
      return new Rejected(parsed.rejection);
    }
    // The length check first: it settles almost every number without matching the region's
    // number patterns, which isValidNumber does and which costs far more.
    if (!UTIL.isPossibleNumber(parsed.number) && !UTIL.isValidNumber(parsed.number)) {
      return new Rejected(INVALID_NUMBER);
    }
    return withinFrenchPlan(parsed.number);
  }

  /**
   * A possible number, unless it is a number of France's plan in a block its code has no numbers
   * in: then the number of the plan it stands for, or a refusal when there is none.
   */
  private static Result withinFrenchPlan(PhoneNumber number) {
    // A table look-up first: metropolitan numbers and every number outside the plan stop here.
    if (!FrenchNumberingPlan.concerns(number)
        || FrenchNumberingPlan.inOwnBlock(number)
        || UTIL.isValidNumber(number)) {
      return normalised(number);
    }
    PhoneNumber relocated = FrenchNumberingPlan.relocated(number);
    if (relocated != null) {
      return normalised(relocated);
    }
    if (FrenchNumberingPlan.inAnotherTerritorysBlock(number)) {
      return new Rejected(INVALID_NUMBER);
    }
    return normalised(number);
  }

  /**
   * Lenient form for a sender address given by an SMSC: usually international, often without the
   * leading '+' ({@code 33612345678}). A bare digit string that is a valid international number is
   * read as one; otherwise it is read as national in {@code fallbackRegion} (French overseas
   * numbers included: {@code 0690123456} and {@code 33690123456} are {@code +590690123456}).
   */
  public static Result normaliseSender(String raw, String fallbackRegion) {
    String trimmed = raw == null ? "" : raw.trim();
    if (!trimmed.isEmpty() && trimmed.chars().allMatch(Character::isDigit)) {
      Parsed international = parse("+" + trimmed, fallbackRegion);
      if (international.rejection == null && UTIL.isValidNumber(international.number)) {
        return normalised(international.number);
      }
      Parsed national = parse(trimmed, fallbackRegion);
      if (national.rejection == null && UTIL.isValidNumber(national.number)) {
        return normalised(national.number);
      }
    }
    return normalise(trimmed, fallbackRegion);
  }

  /** A parsed number, or the reason it could not be parsed. */
  private record Parsed(PhoneNumber number, String rejection) {}

  private static Parsed parse(String raw, String defaultRegion) {
    String text = raw == null ? "" : raw.strip();
    if (text.isEmpty()) {
      return new Parsed(null, MISSING_PHONE);
    }
    if (text.length() > MAX_INPUT_LENGTH) {
      return new Parsed(null, INVALID_NUMBER);
    }
    String region =
        defaultRegion == null || defaultRegion.isBlank()
            ? "ZZ"
            : defaultRegion.trim().toUpperCase(Locale.ROOT);
    try {
      return new Parsed(UTIL.parse(text, region), null);
    } catch (NumberParseException e) {
      return new Parsed(null, INVALID_NUMBER);
    }
  }

  private static Normalised normalised(PhoneNumber number) {
    String region = UTIL.getRegionCodeForNumber(number);
    return new Normalised(
        UTIL.format(number, PhoneNumberFormat.E164),
        region == null || "ZZ".equals(region) || "001".equals(region) ? "" : region);
  }
}
