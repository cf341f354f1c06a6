package dev.relais.analytics.conversion;

import dev.relais.common.privacy.PersonalData;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.links.v1.ContactMessage;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import dev.relais.proto.links.v1.ListContactMessagesRequest;
import io.grpc.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The messages of a contact that carried a tracked link, with the last human click of each: the
 * links service keeps them under the contact key, the keyed pseudonym of the number ({@link
 * PersonalData#contactKey}) under which the scheduler created their links ({@code
 * ListContactMessages}, by when the links were created). The number itself never leaves this
 * service.
 */
public final class LinkedMessages implements ContactMessages {

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
    return LinksServiceGrpc.newBlockingStub(links)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .listContactMessages(
            ListContactMessagesRequest.newBuilder()
                .setContactKey(PersonalData.contactKey(phone, privacyKey))
                .setSince(ProtoTime.timestamp(since))
                .build())
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
