package dev.relais.dispatch.receipt;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntPredicate;

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

  /** Characters of a status word. */
  private static final IntPredicate STAT_CHAR =
      c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';

  /** Characters of an error code (decimal or hexadecimal). */
  private static final IntPredicate ERR_CHAR =
      c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');

  /** Characters of an id: anything but blanks. */
  private static final IntPredicate ID_CHAR = c -> !isBlank(c);

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
      id = field(fields, "id:", ID_CHAR);
    }
    String stat = field(fields, "stat:", STAT_CHAR).toUpperCase(Locale.ROOT);
    if (stat.isEmpty() && messageState != null) {
      stat =
          messageState >= 0 && messageState < MESSAGE_STATES.length
              ? MESSAGE_STATES[messageState]
              : "UNKNOWN";
    }
    if (id.isEmpty() || stat.isEmpty()) {
      return Optional.empty();
    }
    int errorCode = errorCode(field(fields, "err:", ERR_CHAR), networkErrorCode);
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

  /** The text before its {@code text:} field, where the quoted message starts. */
  private static String fieldsOf(String text) {
    int quoted = keyAt(text, "text:", 0);
    return quoted < 0 ? text : text.substring(0, Math.max(0, quoted - 1));
  }

  /**
   * The value of the first {@code key} (such as {@code "stat:"}, in any letter case) that starts
   * the text or follows a blank, with blanks after the colon skipped: the longest run of {@code
   * valueChar} there, or "" when no occurrence of the key is followed by one. One scan of the text,
   * no regular expression: every receipt goes through here.
   */
  private static String field(String text, String key, IntPredicate valueChar) {
    for (int at = keyAt(text, key, 0); at >= 0; at = keyAt(text, key, at + 1)) {
      int start = at + key.length();
      while (start < text.length() && isBlank(text.charAt(start))) {
        start++;
      }
      int end = start;
      while (end < text.length() && valueChar.test(text.charAt(end))) {
        end++;
      }
      if (end > start) {
        return text.substring(start, end);
      }
    }
    return "";
  }

  /**
   * Where {@code key} next starts the text or follows a blank, from {@code from}; -1 if nowhere.
   */
  private static int keyAt(String text, String key, int from) {
    for (int i = from; i + key.length() <= text.length(); i++) {
      if ((i == 0 || isBlank(text.charAt(i - 1))) && startsWithIgnoringAsciiCase(text, i, key)) {
        return i;
      }
    }
    return -1;
  }

  /** Letter case is ignored for ASCII letters only, as the SMPP text is ASCII. */
  private static boolean startsWithIgnoringAsciiCase(String text, int at, String lowerCaseKey) {
    for (int k = 0; k < lowerCaseKey.length(); k++) {
      char c = text.charAt(at + k);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lowerCaseKey.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  /** The blanks between receipt fields: space, tab, line breaks, vertical tab and form feed. */
  private static boolean isBlank(int c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
  }

  private static int errorCode(String err, Integer networkErrorCode) {
    if (!err.isEmpty() && err.length() <= 8) {
      boolean decimal = err.chars().allMatch(Character::isDigit);
      return (int) Long.parseLong(err, decimal ? 10 : 16);
    }
    return networkErrorCode == null ? 0 : networkErrorCode;
  }
}
