package dev.relais.scheduler;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ListAudienceRequest;
import dev.relais.proto.contacts.v1.ListAudienceResponse;
import dev.relais.proto.contacts.v1.MarketingRecipient;
import dev.relais.proto.contacts.v1.RecordMarketingSendsRequest;
import dev.relais.proto.contacts.v1.RecordMarketingSendsResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A contacts service serving synthetic audiences: each list is a size and a function from index to
 * contact, so even a large audience costs no memory. Page tokens are offsets.
 */
final class FakeContacts extends ContactsServiceGrpc.ContactsServiceImplBase {

  private record Audience(int size, IntFunction<Contact> contact) {}

  private final Map<String, Audience> lists = new ConcurrentHashMap<>();
  final AtomicInteger pagesServed = new AtomicInteger();

  /** Page tokens requested, per list, in order. */
  final Map<String, List<String>> tokensRequested = new ConcurrentHashMap<>();

  /** How long each page takes to serve, to catch an expansion in the middle. */
  volatile Duration pageDelay = Duration.ZERO;

  volatile int maxPageSizeSeen;

  /** Phones recorded by RecordMarketingSends, per campaign. */
  final Map<String, List<String>> marketingSends = new ConcurrentHashMap<>();

  /** Recipients recorded by RecordMarketingSends (phone, message id, variant), per campaign. */
  final Map<String, List<MarketingRecipient>> marketingRecipients = new ConcurrentHashMap<>();

  void list(String name, int size, IntFunction<Contact> contact) {
    lists.put(name, new Audience(size, contact));
  }

  @Override
  public void listAudience(
      ListAudienceRequest request, StreamObserver<ListAudienceResponse> response) {
    Audience audience = lists.get(request.getFilter().getList());
    if (audience == null) {
      response.onError(
          Status.NOT_FOUND
              .withDescription("no list " + request.getFilter().getList())
              .asRuntimeException());
      return;
    }
    maxPageSizeSeen = Math.max(maxPageSizeSeen, request.getPageSize());
    tokensRequested
        .computeIfAbsent(request.getFilter().getList(), l -> new CopyOnWriteArrayList<>())
        .add(request.getPageToken());
    if (!pageDelay.isZero()) {
      try {
        Thread.sleep(pageDelay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int from = request.getPageToken().isEmpty() ? 0 : Integer.parseInt(request.getPageToken());
    int to = Math.min(audience.size(), from + Math.max(1, request.getPageSize()));
    ListAudienceResponse.Builder page = ListAudienceResponse.newBuilder();
    for (int i = from; i < to; i++) {
      page.addContacts(audience.contact().apply(i));
    }
    page.setNextPageToken(to < audience.size() ? Integer.toString(to) : "");
    pagesServed.incrementAndGet();
    response.onNext(page.build());
    response.onCompleted();
  }

  @Override
  public void recordMarketingSends(
      RecordMarketingSendsRequest request, StreamObserver<RecordMarketingSendsResponse> response) {
    marketingSends
        .computeIfAbsent(request.getCampaignId(), c -> new CopyOnWriteArrayList<>())
        .addAll(request.getRecipientsList().stream().map(MarketingRecipient::getPhone).toList());
    marketingRecipients
        .computeIfAbsent(request.getCampaignId(), c -> new CopyOnWriteArrayList<>())
        .addAll(request.getRecipientsList());
    response.onNext(
        RecordMarketingSendsResponse.newBuilder()
            .setRecorded(request.getRecipientsCount())
            .build());
    response.onCompleted();
  }
}
