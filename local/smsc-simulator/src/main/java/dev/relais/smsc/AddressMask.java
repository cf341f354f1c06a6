package dev.relais.smsc;

/** Hides phone numbers in anything that may be logged: only the last two digits survive. */
final class AddressMask {

  private AddressMask() {}

  /** {@code +33612345678} becomes {@code ***78}; alphanumeric senders are not personal data. */
  static String mask(String address) {
    if (address == null || address.isEmpty()) {
      return "";
    }
    if (!isNumber(address)) {
      return address;
    }
    return address.length() <= 2 ? "***" : "***" + address.substring(address.length() - 2);
  }

  private static boolean isNumber(String address) {
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (!(c == '+' || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }
}
