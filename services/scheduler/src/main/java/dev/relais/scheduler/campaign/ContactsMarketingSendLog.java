package dev.relais.scheduler.campaign;

import dev.relais.common.time.ProtoTime;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.MarketingRecipient;
import dev.relais.proto.contacts.v1.RecordMarketingSendsRequest;
import dev.relais.queue.OutgoingMessage;
import io.grpc.Channel;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Records marketing sends in the contacts service ({@code RecordMarketingSends}), one call per
 * page, each number with the message it is sent (its id and variant): the frequency cap counts the
 * sends, and analytics attributes an order to the message last delivered. The page's send time is
 * its latest due time: a message held for the next window counts from when it will leave, which
 * keeps it inside the cap period longer, never shorter.
 */
public final class ContactsMarketingSendLog implements MarketingSendLog {

  private final Channel channel;
  private final ExecutorService executor;
  private final Duration timeout;

  public ContactsMarketingSendLog(Channel channel, ExecutorService executor, Duration timeout) {
    this.channel = channel;
    this.executor = executor;
    this.timeout = timeout;
  }

  @Override
  public CompletableFuture<Void> record(String campaignId, List<OutgoingMessage> messages) {
    List<OutgoingMessage> marketing = messages.stream().filter(OutgoingMessage::marketing).toList();
    if (marketing.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    Instant sentAt =
        marketing.stream().map(OutgoingMessage::notBefore).max(Instant::compareTo).orElseThrow();
    RecordMarketingSendsRequest request =
        RecordMarketingSendsRequest.newBuilder()
            .setCampaignId(campaignId)
            .setSentAt(ProtoTime.timestamp(sentAt))
            .addAllRecipients(marketing.stream().map(ContactsMarketingSendLog::recipient).toList())
            .build();
    Context trace = Context.current();
    Runnable call =
        () ->
            ContactsServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .recordMarketingSends(request);
    return CompletableFuture.runAsync(trace.wrap(call), executor);
  }

  private static MarketingRecipient recipient(OutgoingMessage message) {
    return MarketingRecipient.newBuilder()
        .setPhone(message.destination())
        .setMessageId(message.messageId().toString())
        .setVariant(message.variant())
        .build();
  }
}
