package dev.relais.links.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a contact's links into the messages they belong to: a message with several links was
 * created once and was last clicked when any of its links was. Links created before {@code since}
 * are left out.
 */
public final class ContactMessages {

  /**
   * One message of the contact.
   *
   * @param lastClickedAt the last human click on any of its links, null if none
   */
  public record Message(
      String campaignId,
      String variant,
      String messageId,
      Instant createdAt,
      Instant lastClickedAt) {}

  private final Instant since;
  private final Map<String, Message> byMessage = new LinkedHashMap<>();

  public ContactMessages(Instant since) {
    this.since = since;
  }

  /** Adds one link of the contact. */
  public void add(
      String campaignId,
      String variant,
      String messageId,
      Instant createdAt,
      Instant lastClickedAt) {
    if (createdAt.isBefore(since)) {
      return;
    }
    byMessage.merge(
        campaignId + '\n' + messageId,
        new Message(campaignId, nullToEmpty(variant), messageId, createdAt, lastClickedAt),
        (a, b) ->
            new Message(
                a.campaignId(),
                a.variant(),
                a.messageId(),
                earliest(a.createdAt(), b.createdAt()),
                latest(a.lastClickedAt(), b.lastClickedAt())));
  }

  /** The messages, latest created first. */
  public List<Message> latestFirst() {
    List<Message> messages = new ArrayList<>(byMessage.values());
    messages.sort(
        Comparator.comparing(Message::createdAt)
            .reversed()
            .thenComparing(Message::campaignId)
            .thenComparing(Message::messageId));
    return messages;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }
}
