package dev.relais.dispatch.receipt;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a delivery receipt: the de-facto standard text of SMPP 3.4 appendix B ({@code id:...
 * sub:... dlvrd:... submit date:... done date:... stat:DELIVRD err:... text:...}) and the
 * receipted_message_id / message_state / network_error_code TLVs, and gives the SMSC id to
 * correlate (as {@link SmscMessageIds#lookupKeys lookup keys}) and the final outcome.
 *
 * <p>Outcomes: DELIVRD is DELIVERED; UNDELIV, REJECTD, DELETED, EXPIRED and UNKNOWN are UNDELIVERED
 * (final, the handset did not confirm). A network-side EXPIRED is a delivery failure, not Relais'
 * own EXPIRED event, which means "never sent because its deadline passed". ENROUTE, ACCEPTD and
 * SCHEDUL are intermediate notifications: the message is not final yet.
 *
 * <p>The TLV id wins over the text id (it is the standardised field, the text is free-form); the
 * text stat wins over message_state (every SMSC fills the text). Everything after {@code text:} is
 * ignored so that words inside the quoted message cannot be taken for fields.
 */
public final class DeliveryReceiptMatcher {

  /** What a receipt says about the message. */
  public enum Outcome {
    DELIVERED,
    UNDELIVERED,
    /** An intermediate notification: no final state yet. */
    PENDING
  }

  /**
   * A parsed receipt.
   *
   * @param smscId the id as the receipt quotes it
   * @param stat the status word (or the message_state name when the text has none)
   * @param errorCode the err field (decimal, or hexadecimal when it has letters), else the network
   *     error code TLV, else 0
   */
  public record Receipt(String smscId, String stat, Outcome outcome, int errorCode) {

    /** Keys to look the SMSC id up under; see {@link SmscMessageIds}. */
    public List<String> lookupKeys() {
      return SmscMessageIds.lookupKeys(smscId);
    }

    public boolean isFinal() {
      return outcome != Outcome.PENDING;
    }
  }

  private static final Pattern QUOTED_TEXT = Pattern.compile("(?i)(?:^|\\s)text:");
  private static final Pattern ID = Pattern.compile("(?i)(?:^|\\s)id:\\s*([^\\s]+)");
  private static final Pattern STAT = Pattern.compile("(?i)(?:^|\\s)stat:\\s*([A-Za-z_]+)");
  private static final Pattern ERR = Pattern.compile("(?i)(?:^|\\s)err:\\s*([0-9A-Fa-f]+)");

  /** SMPP 3.4 message_state values 0..9 (index), as status words. */
  private static final String[] MESSAGE_STATES = {
    "SCHEDUL", "ENROUTE", "DELIVRD", "EXPIRED", "DELETED", "UNDELIV", "ACCEPTD", "UNKNOWN",
    "REJECTD", "SKIPPED"
  };

  private DeliveryReceiptMatcher() {}

  /**
   * Parses a receipt; empty when it names no id or no status, i.e. cannot be used at all.
   *
   * @param text the short_message (or message_payload) as text; may be null or empty
   * @param receiptedMessageId the receipted_message_id TLV, or null
   * @param messageState the message_state TLV, or null
   * @param networkErrorCode the error code part of the network_error_code TLV, or null
   */
  public static Optional<Receipt> parse(
      String text, String receiptedMessageId, Integer messageState, Integer networkErrorCode) {
    String fields = text == null ? "" : fieldsOf(text);
    String id = receiptedMessageId == null ? "" : receiptedMessageId.strip();
    if (id.isEmpty()) {
      id = group(ID, fields);
    }
    String stat = group(STAT, fields).toUpperCase(Locale.ROOT);
    if (stat.isEmpty() && messageState != null) {
      stat =
          messageState >= 0 && messageState < MESSAGE_STATES.length
              ? MESSAGE_STATES[messageState]
              : "UNKNOWN";
    }
    if (id.isEmpty() || stat.isEmpty()) {
      return Optional.empty();
    }
    int errorCode = errorCode(group(ERR, fields), networkErrorCode);
    return Optional.of(new Receipt(id, stat, outcomeOf(stat), errorCode));
  }

  /** The outcome a status word stands for; words are matched on their first seven letters. */
  public static Outcome outcomeOf(String stat) {
    String word = stat.toUpperCase(Locale.ROOT);
    String key = word.length() > 7 ? word.substring(0, 7) : word;
    return switch (key) {
      case "DELIVRD", "DELIVER" -> Outcome.DELIVERED;
      case "ENROUTE", "ACCEPTD", "ACCEPTE", "SCHEDUL", "BUFFERE" -> Outcome.PENDING;
      default -> Outcome.UNDELIVERED; // UNDELIV, REJECTD, EXPIRED, DELETED, UNKNOWN, SKIPPED...
    };
  }

  private static String fieldsOf(String text) {
    Matcher quoted = QUOTED_TEXT.matcher(text);
    return quoted.find() ? text.substring(0, quoted.start()) : text;
  }

  private static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? m.group(1) : "";
  }

  private static int errorCode(String err, Integer networkErrorCode) {
    if (!err.isEmpty() && err.length() <= 8) {
      boolean decimal = err.chars().allMatch(Character::isDigit);
      return (int) Long.parseLong(err, decimal ? 10 : 16);
    }
    return networkErrorCode == null ? 0 : networkErrorCode;
  }
}
