package dev.relais.scheduler.campaign;

import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ListAudienceRequest;
import dev.relais.proto.contacts.v1.ListAudienceResponse;
import io.grpc.Channel;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** Reads audience pages from the contacts service ({@code ListAudience}) on virtual threads. */
public final class ContactsAudienceSource implements AudienceSource {

  private final Channel channel;
  private final ExecutorService executor;
  private final Duration timeout;

  public ContactsAudienceSource(Channel channel, ExecutorService executor, Duration timeout) {
    this.channel = channel;
    this.executor = executor;
    this.timeout = timeout;
  }

  @Override
  public CompletableFuture<ListAudienceResponse> page(
      CompiledCampaign campaign, String pageToken, int size) {
    ListAudienceRequest request =
        ListAudienceRequest.newBuilder()
            .setFilter(campaign.audience())
            .setSegmentFilter(campaign.segmentFilter())
            .setPageToken(pageToken)
            .setPageSize(size)
            .build();
    // The call runs on another thread: carry the expansion's trace context over to it.
    Context trace = Context.current();
    return CompletableFuture.supplyAsync(
        trace.wrapSupplier(() ->
            ContactsServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .listAudience(request)),
        executor);
  }
}
