package dev.relais.analytics;

import com.google.protobuf.Timestamp;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ListMarketingMessagesRequest;
import dev.relais.proto.contacts.v1.ListMarketingMessagesResponse;
import dev.relais.proto.contacts.v1.MarketingSend;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The part of contacts that analytics calls, {@code ListMarketingMessages}: the marketing messages
 * recorded for an E.164 number, as the scheduler records them when it queues a campaign (the real
 * service is another module; the whole platform's test runs it).
 */
final class FakeMarketingContacts extends ContactsServiceGrpc.ContactsServiceImplBase {

  private final Map<String, List<MarketingSend>> sends = new ConcurrentHashMap<>();

  /** When set, every call fails with it, as a contacts service that does not answer. */
  volatile Status failure;

  /** Records that {@code message} of {@code campaign} was sent to {@code phone} now. */
  void sent(String phone, String campaign, String variant, String message) {
    Instant now = Instant.now();
    sends
        .computeIfAbsent(phone, p -> new CopyOnWriteArrayList<>())
        .add(
            MarketingSend.newBuilder()
                .setCampaignId(campaign)
                .setVariant(variant)
                .setMessageId(message)
                .setSentAt(ProtoTime.timestamp(now))
                .build());
  }

  @Override
  public void listMarketingMessages(
      ListMarketingMessagesRequest request,
      StreamObserver<ListMarketingMessagesResponse> response) {
    Status down = failure;
    if (down != null) {
      response.onError(down.asRuntimeException());
      return;
    }
    if (!request.getPhone().startsWith("+")) {
      // Analytics sends the order's number in E.164, the form the scheduler recorded it in.
      response.onError(
          Status.INVALID_ARGUMENT.withDescription("phone is not E.164").asRuntimeException());
      return;
    }
    response.onNext(
        ListMarketingMessagesResponse.newBuilder()
            .addAllMessages(
                sends.getOrDefault(request.getPhone(), List.of()).stream()
                    .filter(send -> !before(send.getSentAt(), request.getSince()))
                    .sorted(
                        Comparator.comparingLong((MarketingSend s) -> s.getSentAt().getSeconds())
                            .reversed())
                    .toList())
            .build());
    response.onCompleted();
  }

  private static boolean before(Timestamp at, Timestamp since) {
    return at.getSeconds() < since.getSeconds()
        || (at.getSeconds() == since.getSeconds() && at.getNanos() < since.getNanos());
  }
}
