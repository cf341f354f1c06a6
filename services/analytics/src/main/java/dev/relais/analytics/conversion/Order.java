package dev.relais.analytics.conversion;

import dev.relais.common.time.ProtoTime;
import dev.relais.proto.analytics.v1.RecordConversionRequest;
import dev.relais.sms.address.E164;
import dev.relais.sms.phone.PhoneNumbers;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.regex.Pattern;

/**
 * A conversion as reported, checked: the order id, the customer's number in E.164, an exact amount
 * and its ISO 4217 currency, and when the order was placed.
 *
 * <p>The number is read as the shop wrote it: E.164 ({@code +33612345678}) or a national form of
 * the region {@code conversions.region} ({@code 06 12 34 56 78}), and must come out as a canonical
 * E.164 number ({@link E164}): the form under which the scheduler keyed the contact's messages.
 */
public record Order(String orderId, String phone, BigDecimal amount, String currency, Instant at) {

  /** The longest order id kept. */
  public static final int MAX_ORDER_ID_LENGTH = 256;

  /** The finest amount kept: 1/10000 of the currency unit. */
  public static final int MAX_SCALE = 4;

  private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,15}(\\.[0-9]{1,4})?");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
  private static final int MAX_PHONE_LENGTH = 64;

  @Override
  public String toString() {
    // The number is personal data: never in a log line, even by accident.
    return "Order[" + orderId + ", " + amount.toPlainString() + " " + currency + ", " + at + "]";
  }

  /**
   * Checks a request; {@code now} stands for an unset {@code occurred_at}.
   *
   * @throws IllegalArgumentException saying what is wrong (never quoting the number)
   */
  public static Order of(RecordConversionRequest request, String region, Instant now) {
    String orderId = request.getOrderId().strip();
    if (orderId.isEmpty()) {
      throw new IllegalArgumentException("order_id is required");
    }
    if (orderId.length() > MAX_ORDER_ID_LENGTH) {
      throw new IllegalArgumentException(
          "order_id is at most " + MAX_ORDER_ID_LENGTH + " characters");
    }
    String amount = request.getAmount().strip();
    if (!AMOUNT.matcher(amount).matches()) {
      throw new IllegalArgumentException(
          "amount '"
              + truncate(amount)
              + "' must be a non-negative decimal with at most "
              + MAX_SCALE
              + " decimal places, such as 49.90");
    }
    String currency = request.getCurrency().strip();
    if (!CURRENCY.matcher(currency).matches() || !isIso4217(currency)) {
      throw new IllegalArgumentException(
          "currency '" + truncate(currency) + "' must be an ISO 4217 code such as EUR");
    }
    Instant at = request.hasOccurredAt() ? ProtoTime.instant(request.getOccurredAt()) : now;
    return new Order(
        orderId, e164(request.getPhone(), region), new BigDecimal(amount), currency, at);
  }

  /**
   * {@code raw} in E.164, read with {@code region} when it is a national form, by the rule contacts
   * keyed the contact with ({@link PhoneNumbers#normalise}: a French national form of an overseas
   * number, {@code 0690 12 34 56}, is the Guadeloupe number, not a {@code +33} one).
   */
  static String e164(String raw, String region) {
    String phone = raw == null ? "" : raw.strip();
    if (phone.length() > MAX_PHONE_LENGTH) {
      throw new IllegalArgumentException("phone is not a phone number");
    }
    return switch (PhoneNumbers.normalise(phone, region)) {
      case PhoneNumbers.Normalised number -> number.e164();
      case PhoneNumbers.Rejected rejected
          when PhoneNumbers.MISSING_PHONE.equals(rejected.reason()) ->
          throw new IllegalArgumentException("phone is required");
      case PhoneNumbers.Rejected rejected ->
          throw new IllegalArgumentException(
              "phone is not a phone number in E.164 ("
                  + E164.DESCRIPTION
                  + ") or in the national form of "
                  + region);
    };
  }

  private static boolean isIso4217(String code) {
    try {
      Currency.getInstance(code);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String truncate(String value) {
    return value.length() <= 32 ? value : value.substring(0, 32) + "...";
  }
}
