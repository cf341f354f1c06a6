package dev.relais.sms.address;

/**
 * A phone number already in canonical E.164 form, as Relais stores and sends numbers: '+', then 7
 * to 15 digits, the first not zero (ITU-T E.164 allows at most 15).
 *
 * <p>This says whether a string is canonical, nothing more: turning what people write ("06 12 34 56
 * 78", "0033 6...") into E.164 is parsing, which contacts does with libphonenumber when numbers
 * come in.
 */
public final class E164 {

  /**
   * The rule as a regular expression, for schemas and CEL rules; the same in Java, RE2 and a CEL
   * string literal (no backslash). {@link #isCanonical} is the same rule without a regex engine.
   */
  public static final String PATTERN = "^[+][1-9][0-9]{6,14}$";

  /** What a refusal tells the user a canonical number looks like. */
  public static final String DESCRIPTION = "+ and 7 to 15 digits, the first not 0";

  private static final int MIN_DIGITS = 7;
  private static final int MAX_DIGITS = 15;

  private E164() {}

  /** Whether {@code phone} is a canonical E.164 number; false for null. */
  public static boolean isCanonical(CharSequence phone) {
    if (phone == null
        || phone.length() < 1 + MIN_DIGITS
        || phone.length() > 1 + MAX_DIGITS
        || phone.charAt(0) != '+'
        || phone.charAt(1) == '0') {
      return false;
    }
    for (int i = 1; i < phone.length(); i++) {
      char c = phone.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
