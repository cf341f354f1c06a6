package dev.relais.analytics.conversion;

import dev.relais.common.time.ProtoTime;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A contact's clicks and deliveries, the touches an order is attributed by ({@link Attribution}):
 * the messages sent to the number as every source knows them (the links service: messages with a
 * tracked link and their clicks; contacts: every marketing message, link or no link), each message
 * once however many sources know it; then, only when asked, the deliveries of those messages from
 * this service's record of message events.
 */
public final class ContactTouches {

  /** The events recorded of one message ({@code MessageHistoryDao::events}). */
  @FunctionalInterface
  public interface MessageHistory {
    List<MessageEvent> events(String campaignId, String messageId);
  }

  /** What makes two messages one: a message id is unique within its campaign. */
  private record MessageKey(String campaignId, String messageId) {}

  private final List<ContactMessages> sources;
  private final MessageHistory history;

  /**
   * Touches from {@code sources} (at least one, asked in this order), with the deliveries of {@code
   * history}.
   */
  public ContactTouches(List<ContactMessages> sources, MessageHistory history) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("no source of a contact's messages");
    }
    this.sources = List.copyOf(sources);
    this.history = history;
  }

  /**
   * The touches of the contact at {@code phone} (E.164), from the messages sent since {@code
   * since}. Every source is asked, in order, told what those before it found; one that fails fails
   * the whole with its status (code and description), rather than an attribution that silently
   * leaves its messages out.
   */
  public Touches of(String phone, Instant since) {
    List<List<SentMessage>> known = new ArrayList<>();
    for (ContactMessages source : sources) {
      known.add(source.sentTo(phone, since, merged(known)));
    }
    return new Touches(merged(known), history);
  }

  /**
   * The messages of all sources, each once: those of one campaign and message id are one message,
   * told by all that know it ({@link SentMessage#knownWith}). In the order first seen.
   */
  static List<SentMessage> merged(Collection<List<SentMessage>> known) {
    Map<MessageKey, SentMessage> messages = new LinkedHashMap<>();
    for (List<SentMessage> source : known) {
      for (SentMessage message : source) {
        messages.merge(
            new MessageKey(message.campaignId(), message.messageId()),
            message,
            SentMessage::knownWith);
      }
    }
    return List.copyOf(messages.values());
  }

  /** The messages of one contact, read once and asked twice. */
  public static final class Touches {

    private final List<SentMessage> messages;
    private final MessageHistory history;

    private Touches(List<SentMessage> messages, MessageHistory history) {
      this.messages = messages;
      this.history = history;
    }

    /** Messages the contact clicked, each at its last human click. */
    public List<Attribution.Touch> clicks() {
      List<Attribution.Touch> clicks = new ArrayList<>();
      for (SentMessage message : messages) {
        message.lastClickedAt().ifPresent(at -> clicks.add(message.touchAt(at)));
      }
      return clicks;
    }

    /**
     * Messages delivered to the contact, each at its delivery: one read of the message's events per
     * message, made only when asked.
     */
    public List<Attribution.Touch> deliveries() {
      List<Attribution.Touch> deliveries = new ArrayList<>();
      for (SentMessage message : messages) {
        for (MessageEvent event : history.events(message.campaignId(), message.messageId())) {
          if (event.getType() == EventType.EVENT_TYPE_DELIVERED) {
            deliveries.add(message.touchAt(ProtoTime.instant(event.getOccurredAt())));
          }
        }
      }
      return deliveries;
    }
  }
}
