package dev.relais.analytics.conversion;

import dev.relais.common.privacy.PersonalData;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.links.v1.ContactMessage;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import dev.relais.proto.links.v1.ListContactMessagesRequest;
import dev.relais.proto.links.v1.MessageRef;
import io.grpc.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The messages of a contact that carried a tracked link, with the last human click of each ({@code
 * ListContactMessages}, by when the links were created): the links service finds the links of the
 * messages the sources asked before it know (the contact's marketing messages, which contacts
 * records), and those filed under the contact key, the keyed pseudonym of the number ({@link
 * PersonalData#contactKey}) under which the scheduler creates the links of other messages. The
 * number itself never leaves this service.
 */
public final class LinkedMessages implements ContactMessages {

  /** Messages per ListContactMessages call, the links service's limit. */
  static final int MAX_MESSAGES = 1000;

  private final Channel links;
  private final Duration timeout;
  private final PrivacyKey privacyKey;

  public LinkedMessages(Channel links, Duration timeout, PrivacyKey privacyKey) {
    this.links = links;
    this.timeout = timeout;
    this.privacyKey = privacyKey;
  }

  @Override
  public List<SentMessage> sentTo(String phone, Instant since) {
    return sentTo(phone, since, List.of());
  }

  @Override
  public List<SentMessage> sentTo(String phone, Instant since, List<SentMessage> known) {
    ListContactMessagesRequest.Builder request =
        ListContactMessagesRequest.newBuilder()
            .setContactKey(PersonalData.contactKey(phone, privacyKey))
            .setSince(ProtoTime.timestamp(since));
    // The latest, within the links service's limit (more than a contact gets in any window).
    for (SentMessage message : known.subList(0, Math.min(known.size(), MAX_MESSAGES))) {
      request.addMessages(
          MessageRef.newBuilder()
              .setCampaignId(message.campaignId())
              .setMessageId(message.messageId()));
    }
    return LinksServiceGrpc.newBlockingStub(links)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .listContactMessages(request.build())
        .getMessagesList()
        .stream()
        .map(LinkedMessages::sent)
        .toList();
  }

  private static SentMessage sent(ContactMessage message) {
    return new SentMessage(
        message.getCampaignId(),
        message.getVariant(),
        message.getMessageId(),
        message.hasLastClickedAt()
            ? Optional.of(ProtoTime.instant(message.getLastClickedAt()))
            : Optional.empty());
  }
}
