package dev.relais.smsc.text;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formats the de-facto standard delivery receipt text (SMPP 3.4 appendix B). */
public final class DeliveryReceiptText {

  /** Number of characters of the original message that a receipt repeats. */
  public static final int TEXT_EXCERPT_LENGTH = 20;

  private static final DateTimeFormatter RECEIPT_DATE =
      DateTimeFormatter.ofPattern("yyMMddHHmm").withZone(ZoneOffset.UTC);

  private DeliveryReceiptText() {}

  /**
   * Builds {@code id:... sub:001 dlvrd:001 submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DELIVRD
   * err:000 text:...}. Dates are in UTC because the simulator has no carrier time zone to imitate.
   *
   * @param messageId the message id as the receipt shows it
   * @param submitted number of messages the receipt covers (sub)
   * @param delivered number of them delivered (dlvrd)
   * @param stat the final state word (DELIVRD, UNDELIV, EXPIRED ...)
   * @param errorCode network specific error code, 0-999
   * @param originalText the original message text; its first 20 characters are repeated, with
   *     characters outside printable ASCII replaced by '?' so that the receipt stays GSM-safe
   */
  public static String format(
      String messageId,
      int submitted,
      int delivered,
      Instant submitDate,
      Instant doneDate,
      String stat,
      int errorCode,
      String originalText) {
    return "id:"
        + messageId
        + " sub:"
        + threeDigits(submitted)
        + " dlvrd:"
        + threeDigits(delivered)
        + " submit date:"
        + RECEIPT_DATE.format(submitDate)
        + " done date:"
        + RECEIPT_DATE.format(doneDate)
        + " stat:"
        + stat
        + " err:"
        + threeDigits(errorCode)
        + " text:"
        + excerpt(originalText);
  }

  static String excerpt(String text) {
    int length = Math.min(text.length(), TEXT_EXCERPT_LENGTH);
    StringBuilder excerpt = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      excerpt.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return excerpt.toString();
  }

  private static String threeDigits(int value) {
    if (value < 0 || value > 999) {
      throw new IllegalArgumentException("receipt counters and codes have three digits: " + value);
    }
    String digits = Integer.toString(value);
    return "000".substring(digits.length()) + digits;
  }
}
