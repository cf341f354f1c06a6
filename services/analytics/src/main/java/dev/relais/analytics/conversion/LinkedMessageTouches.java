package dev.relais.analytics.conversion;

import com.google.protobuf.Timestamp;
import dev.relais.analytics.store.MessageHistoryDao;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.links.v1.ContactMessage;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import dev.relais.proto.links.v1.ListContactMessagesRequest;
import io.grpc.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A contact's touches from the messages that carried a tracked link: the links service keeps them
 * under the contact key with the last human click of each ({@code ListContactMessages}), and this
 * service's record of message events says which of them were delivered, and when.
 *
 * <p>Messages without a tracked link are not filed under their contact anywhere outside the
 * dispatch queue, so they attribute no conversion.
 */
public final class LinkedMessageTouches implements ContactTouches {

  private final Channel links;
  private final Duration timeout;
  private final MessageHistoryDao history;

  public LinkedMessageTouches(Channel links, Duration timeout, MessageHistoryDao history) {
    this.links = links;
    this.timeout = timeout;
    this.history = history;
  }

  @Override
  public Touches of(String contactKey, Instant since) {
    List<ContactMessage> messages =
        LinksServiceGrpc.newBlockingStub(links)
            .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .listContactMessages(
                ListContactMessagesRequest.newBuilder()
                    .setContactKey(contactKey)
                    .setSince(
                        Timestamp.newBuilder()
                            .setSeconds(since.getEpochSecond())
                            .setNanos(since.getNano()))
                    .build())
            .getMessagesList();
    return new Touches() {
      @Override
      public List<Attribution.Touch> clicks() {
        List<Attribution.Touch> clicks = new ArrayList<>();
        for (ContactMessage message : messages) {
          if (message.hasLastClickedAt()) {
            clicks.add(touch(message, instant(message.getLastClickedAt())));
          }
        }
        return clicks;
      }

      @Override
      public List<Attribution.Touch> deliveries() {
        List<Attribution.Touch> deliveries = new ArrayList<>();
        for (ContactMessage message : messages) {
          for (MessageEvent event :
              history.events(message.getCampaignId(), message.getMessageId())) {
            if (event.getType() == EventType.EVENT_TYPE_DELIVERED) {
              deliveries.add(touch(message, instant(event.getOccurredAt())));
            }
          }
        }
        return deliveries;
      }
    };
  }

  private static Attribution.Touch touch(ContactMessage message, Instant at) {
    return new Attribution.Touch(
        message.getCampaignId(), message.getVariant(), message.getMessageId(), at);
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
