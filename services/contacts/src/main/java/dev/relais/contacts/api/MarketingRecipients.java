package dev.relais.contacts.api;

import dev.relais.contacts.store.MarketingSends;
import dev.relais.proto.contacts.v1.MarketingRecipient;
import dev.relais.sms.phone.PhoneNumbers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recipients of a RecordMarketingSends request as they are written, or why the request is
 * refused: the whole request, so that a caller never has to find out which of its items were kept.
 *
 * <p>Every item needs its message id (what an order is attributed to), and a number may appear
 * once: two messages of one campaign to one number would leave only one of them recorded, silently.
 * A number that does not parse is left out, as before message ids were recorded: it cannot receive
 * anything, and refusing a page of thousands for it would lose the frequency-cap history of all the
 * others. Errors name items by index, never by number (the caller may log them).
 */
final class MarketingRecipients {

  /** Longest message id kept: a UUID is 36 characters; room for the dispatch queue to change. */
  static final int MAX_MESSAGE_ID = 64;

  /** Longest A/B variant name kept. */
  static final int MAX_VARIANT = 64;

  private MarketingRecipients() {}

  /** A request that cannot be recorded as a whole; the message names the item and the problem. */
  static final class RefusedException extends Exception {
    RefusedException(String message) {
      super(message);
    }
  }

  /**
   * The recipients to write, in request order, numbers in E.164 (national forms read in {@code
   * region}).
   *
   * @throws RefusedException for the first item that is not acceptable
   */
  static List<MarketingSends.Recipient> of(List<MarketingRecipient> items, String region)
      throws RefusedException {
    List<MarketingSends.Recipient> recipients = new ArrayList<>(items.size());
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      MarketingRecipient item = items.get(i);
      if (item.getMessageId().isBlank()) {
        throw refused(i, "message_id is required");
      }
      if (item.getMessageId().length() > MAX_MESSAGE_ID) {
        throw refused(i, "message_id is longer than " + MAX_MESSAGE_ID + " characters");
      }
      if (item.getVariant().length() > MAX_VARIANT) {
        throw refused(i, "variant is longer than " + MAX_VARIANT + " characters");
      }
      // Numbers come from ListAudience (E.164): normalising is cheap and keeps the key exact.
      if (!(PhoneNumbers.normalise(item.getPhone(), region)
          instanceof PhoneNumbers.Normalised number)) {
        continue;
      }
      Integer first = seen.putIfAbsent(number.e164(), i);
      if (first != null) {
        throw refused(i, "same number as recipients[" + first + "] (one item per number)");
      }
      recipients.add(
          new MarketingSends.Recipient(number.e164(), item.getMessageId(), item.getVariant()));
    }
    return recipients;
  }

  private static RefusedException refused(int index, String problem) {
    return new RefusedException("recipients[" + index + "]: " + problem);
  }
}
