package dev.relais.sms.address;

/**
 * How an SMS address is written, which decides the type of number an SMSC is given: a number with
 * '+' (or too long to be a short code) is international, a shorter digit string is a short code,
 * anything else is an alphanumeric sender.
 */
public enum AddressForm {
  /** A full number: sent as its digits without '+', type international. */
  INTERNATIONAL,
  /** A short code: digits, type unknown, as the operator's network routes them. */
  SHORT_NUMBER,
  /** A name such as RELAIS. */
  ALPHANUMERIC,
  /** No address: the SMSC chooses. */
  EMPTY;

  /** The most digits a short code has (a SenderId short code has 3 to 8). */
  public static final int SHORT_NUMBER_MAX_DIGITS = 8;

  /** The form of {@code address}, taken as written (strip it first if it may carry spaces). */
  public static AddressForm of(String address) {
    if (address == null || address.isEmpty()) {
      return EMPTY;
    }
    boolean plus = address.charAt(0) == '+';
    int digits = plus ? address.length() - 1 : address.length();
    if (digits == 0) {
      return ALPHANUMERIC;
    }
    for (int i = plus ? 1 : 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (c < '0' || c > '9') {
        return ALPHANUMERIC;
      }
    }
    return plus || digits > SHORT_NUMBER_MAX_DIGITS ? INTERNATIONAL : SHORT_NUMBER;
  }

  /** {@code address} as SMPP carries it: a number without its '+', anything else unchanged. */
  public static String smppDigits(String address) {
    AddressForm form = of(address);
    boolean number = form == INTERNATIONAL || form == SHORT_NUMBER;
    return number && address.charAt(0) == '+' ? address.substring(1) : address;
  }
}
