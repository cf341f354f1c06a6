package dev.relais.dispatch.smpp;

import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;

/**
 * An address with the TON/NPI an SMSC expects: E.164 numbers as international digits without '+',
 * alphanumeric sender ids as alphanumeric, short codes as unknown/ISDN.
 *
 * <p>Inbound addresses go the other way: international digits get their '+' back so that contacts
 * receives E.164.
 */
public record SmppAddress(String address, TypeOfNumber ton, NumberingPlanIndicator npi) {

  /** Shortest number treated as a full international number rather than a short code. */
  private static final int MIN_INTERNATIONAL_DIGITS = 8;

  /** The address of a phone number or sender id as Relais writes it (E.164 or text). */
  public static SmppAddress of(String raw) {
    String value = raw == null ? "" : raw.strip();
    boolean plus = value.startsWith("+");
    String digits = plus ? value.substring(1) : value;
    if (!digits.isEmpty() && digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (plus || digits.length() >= MIN_INTERNATIONAL_DIGITS) {
        return new SmppAddress(digits, TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN);
      }
      return new SmppAddress(digits, TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN);
    }
    if (value.isEmpty()) {
      return new SmppAddress("", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN);
    }
    return new SmppAddress(value, TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN);
  }

  /** The address of an inbound PDU as Relais writes numbers: '+' added to international digits. */
  public static String inbound(String address, byte ton) {
    String value = address == null ? "" : address.strip();
    if (ton == TypeOfNumber.INTERNATIONAL.value()
        && !value.isEmpty()
        && !value.startsWith("+")
        && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return "+" + value;
    }
    return value;
  }
}
