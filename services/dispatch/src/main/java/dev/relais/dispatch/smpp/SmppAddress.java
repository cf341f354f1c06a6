package dev.relais.dispatch.smpp;

import dev.relais.sms.address.AddressForm;
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

  /** The address of a phone number or sender id as Relais writes it (E.164 or text). */
  public static SmppAddress of(String raw) {
    String value = raw == null ? "" : raw.strip();
    return switch (AddressForm.of(value)) {
      case INTERNATIONAL ->
          new SmppAddress(
              AddressForm.smppDigits(value),
              TypeOfNumber.INTERNATIONAL,
              NumberingPlanIndicator.ISDN);
      case SHORT_NUMBER ->
          new SmppAddress(
              AddressForm.smppDigits(value), TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN);
      case ALPHANUMERIC ->
          new SmppAddress(value, TypeOfNumber.ALPHANUMERIC, NumberingPlanIndicator.UNKNOWN);
      case EMPTY -> new SmppAddress("", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN);
    };
  }

  /**
   * The address of an inbound PDU as Relais writes numbers: '+' added to international digits. No
   * country code starts with 0: digits starting with 0 that an SMSC labels international are a
   * national form ({@code 0690123456}) and are passed on as written, for contacts to read them in
   * its default region, rather than made into a number that cannot exist ({@code +0690123456}).
   */
  public static String inbound(String address, byte ton) {
    String value = address == null ? "" : address.strip();
    if (ton == TypeOfNumber.INTERNATIONAL.value()
        && !value.isEmpty()
        && !value.startsWith("+")
        && !value.startsWith("0")
        && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return "+" + value;
    }
    return value;
  }
}
