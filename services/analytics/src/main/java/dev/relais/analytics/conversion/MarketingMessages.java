package dev.relais.analytics.conversion;

import dev.relais.common.time.ProtoTime;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ListMarketingMessagesRequest;
import dev.relais.proto.contacts.v1.MarketingSend;
import io.grpc.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The marketing messages of a contact, link or no link: contacts records each one under the number
 * when the scheduler queues its campaign ({@code ListMarketingMessages}, by the campaign's send
 * time, the last 90 days at most). Contacts knows no clicks: these messages attribute orders by
 * their delivery.
 */
public final class MarketingMessages implements ContactMessages {

  private final Channel contacts;
  private final Duration timeout;
  private final String region;

  /**
   * Messages read from contacts at {@code contacts}, each call within {@code timeout}; {@code
   * region} is the one numbers are read in when national (orders' numbers are E.164 already).
   */
  public MarketingMessages(Channel contacts, Duration timeout, String region) {
    this.contacts = contacts;
    this.timeout = timeout;
    this.region = region;
  }

  @Override
  public List<SentMessage> sentTo(String phone, Instant since) {
    return ContactsServiceGrpc.newBlockingStub(contacts)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .listMarketingMessages(
            ListMarketingMessagesRequest.newBuilder()
                .setPhone(phone)
                .setDefaultRegion(region)
                .setSince(ProtoTime.timestamp(since))
                .build())
        .getMessagesList()
        .stream()
        // A send recorded before message ids were: no message to look a delivery up for.
        .filter(send -> !send.getMessageId().isEmpty())
        .map(MarketingMessages::sent)
        .toList();
  }

  private static SentMessage sent(MarketingSend send) {
    return SentMessage.unclicked(send.getCampaignId(), send.getVariant(), send.getMessageId());
  }
}
