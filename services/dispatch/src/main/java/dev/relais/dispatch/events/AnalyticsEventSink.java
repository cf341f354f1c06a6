package dev.relais.dispatch.events;

import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import dev.relais.proto.analytics.v1.RecordEventsResponse;
import io.grpc.Channel;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Sends event batches to {@code relais.analytics.v1.AnalyticsService/RecordEvents}. */
public final class AnalyticsEventSink implements EventSink {

  private final AnalyticsServiceGrpc.AnalyticsServiceStub stub;
  private final Duration deadline;

  public AnalyticsEventSink(Channel channel, Duration deadline) {
    this.stub = AnalyticsServiceGrpc.newStub(channel);
    this.deadline = deadline;
  }

  @Override
  public CompletableFuture<Void> record(RecordEventsRequest batch) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .recordEvents(
            batch,
            new StreamObserver<>() {
              @Override
              public void onNext(RecordEventsResponse value) {}

              @Override
              public void onError(Throwable t) {
                done.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                done.complete(null);
              }
            });
    return done;
  }
}
