package dev.relais.links.click;

import dev.relais.common.time.ProtoTime;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.GetMessageHistoryRequest;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.MessageHistory;
import dev.relais.proto.analytics.v1.MessageHistoryServiceGrpc;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Receipts read from analytics' {@code GetMessageHistory}: one single-partition read there per
 * message, asked off the redirect's path by the click recorder.
 */
public final class AnalyticsMessageReceipts implements MessageReceipts {

  private final Channel analytics;
  private final Duration timeout;

  public AnalyticsMessageReceipts(Channel analytics, Duration timeout) {
    this.analytics = analytics;
    this.timeout = timeout;
  }

  @Override
  public CompletableFuture<PrefetchRule.Receipt> of(String campaignId, String messageId) {
    CompletableFuture<PrefetchRule.Receipt> receipt = new CompletableFuture<>();
    MessageHistoryServiceGrpc.newStub(analytics)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .getMessageHistory(
            GetMessageHistoryRequest.newBuilder()
                .setCampaignId(campaignId)
                .setMessageId(messageId)
                .build(),
            new StreamObserver<>() {
              @Override
              public void onNext(MessageHistory history) {
                receipt.complete(receiptOf(history));
              }

              @Override
              public void onError(Throwable t) {
                if (Status.fromThrowable(t).getCode() == Status.Code.NOT_FOUND) {
                  // Nothing recorded for the message yet: not even its submission.
                  receipt.complete(new PrefetchRule.Receipt.None());
                } else {
                  receipt.completeExceptionally(t);
                }
              }

              @Override
              public void onCompleted() {
                receipt.complete(new PrefetchRule.Receipt.None());
              }
            });
    return receipt;
  }

  /** The message's delivery, its final failure, or none yet. */
  static PrefetchRule.Receipt receiptOf(MessageHistory history) {
    PrefetchRule.Receipt receipt = new PrefetchRule.Receipt.None();
    for (MessageEvent event : history.getEventsList()) {
      if (event.getType() == EventType.EVENT_TYPE_DELIVERED) {
        return new PrefetchRule.Receipt.Delivered(ProtoTime.instant(event.getOccurredAt()));
      }
      if (event.getType() == EventType.EVENT_TYPE_UNDELIVERED
          || event.getType() == EventType.EVENT_TYPE_DELIVERY_UNKNOWN
          || event.getType() == EventType.EVENT_TYPE_SUBMIT_FAILED
          || event.getType() == EventType.EVENT_TYPE_EXPIRED) {
        receipt = new PrefetchRule.Receipt.Final();
      }
    }
    return receipt;
  }
}
