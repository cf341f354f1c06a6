package dev.relais.dispatch.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.dispatch.smpp.Backoff;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Batching, acknowledgement callbacks and retries of analytics events. */
class EventPublisherTest {

  private final List<RecordEventsRequest> received = new CopyOnWriteArrayList<>();

  private static MessageEvent event(int i) {
    return MessageEvent.newBuilder()
        .setMessageId("m" + i)
        .setType(EventType.EVENT_TYPE_SUBMITTED)
        .build();
  }

  private EventPublisher publisher(EventSink sink, int maxBatch, Duration interval) {
    return new EventPublisher(
        sink,
        maxBatch,
        interval,
        2,
        10,
        new Backoff(Duration.ofMillis(10), Duration.ofMillis(40), 0, () -> 0),
        error -> {});
  }

  private EventSink accepting() {
    return batch -> {
      received.add(batch);
      return CompletableFuture.completedFuture(null);
    };
  }

  @Test
  void aFullBatchLeavesAtOnceAndTheRestAfterTheInterval() throws Exception {
    try (EventPublisher publisher = publisher(accepting(), 100, Duration.ofSeconds(30))) {
      for (int i = 0; i < 250; i++) {
        publisher.publish(event(i), () -> {});
      }
      long start = System.nanoTime();
      while (received.size() < 2 && System.nanoTime() - start < 5_000_000_000L) {
        Thread.sleep(5);
      }
      assertThat(received).hasSize(2); // two full batches; 50 wait for the interval
      assertThat(received).allSatisfy(b -> assertThat(b.getEventsCount()).isEqualTo(100));
      assertThat(publisher.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(received).hasSize(3);
      assertThat(received.get(2).getEventsCount()).isEqualTo(50);
      assertThat(received.stream().map(RecordEventsRequest::getBatchId).distinct()).hasSize(3);
    }
  }

  @Test
  void callbacksRunOnlyOnceTheBatchIsAcknowledged() throws Exception {
    CompletableFuture<Void> answer = new CompletableFuture<>();
    AtomicInteger acknowledged = new AtomicInteger();
    EventSink slow =
        batch -> {
          received.add(batch);
          return answer;
        };
    try (EventPublisher publisher = publisher(slow, 10, Duration.ofMillis(20))) {
      for (int i = 0; i < 5; i++) {
        publisher.publish(event(i), acknowledged::incrementAndGet);
      }
      while (received.isEmpty()) {
        Thread.sleep(5);
      }
      Thread.sleep(50);
      assertThat(acknowledged).hasValue(0);
      assertThat(publisher.unacknowledged()).isEqualTo(5);
      answer.complete(null);
      assertThat(publisher.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(acknowledged).hasValue(5);
    }
  }

  @Test
  void aFailedBatchIsRetriedWithTheSameBatchId() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger acknowledged = new AtomicInteger();
    EventSink flaky =
        batch -> {
          received.add(batch);
          return calls.incrementAndGet() <= 3
              ? CompletableFuture.failedFuture(new IllegalStateException("analytics down"))
              : CompletableFuture.completedFuture(null);
        };
    try (EventPublisher publisher = publisher(flaky, 10, Duration.ofMillis(10))) {
      publisher.publish(event(1), acknowledged::incrementAndGet);
      publisher.publish(event(2), acknowledged::incrementAndGet);
      assertThat(publisher.flush(Duration.ofSeconds(5))).isTrue();
      assertThat(acknowledged).hasValue(2);
      assertThat(received).hasSize(4);
      assertThat(received.stream().map(RecordEventsRequest::getBatchId).distinct()).hasSize(1);
      assertThat(publisher.failedAttempts()).isEqualTo(3);
    }
  }

  @Test
  void flushGivesUpAfterItsTimeoutWhileAnalyticsIsDown() throws Exception {
    EventSink down = batch -> CompletableFuture.failedFuture(new IllegalStateException("down"));
    try (EventPublisher publisher = publisher(down, 10, Duration.ofMillis(10))) {
      AtomicInteger acknowledged = new AtomicInteger();
      publisher.publish(event(1), acknowledged::incrementAndGet);
      assertThat(publisher.flush(Duration.ofMillis(200))).isFalse();
      assertThat(acknowledged).hasValue(0);
    }
  }

  @Test
  void eventsWithoutCallbackAreDroppedWhenTooManyWaitButOutcomesNeverAre() throws Exception {
    CompletableFuture<Void> never = new CompletableFuture<>();
    try (EventPublisher publisher = publisher(b -> never, 1000, Duration.ofSeconds(30))) {
      int accepted = 0;
      for (int i = 0; i < 20; i++) {
        accepted += publisher.publish(event(i), null) ? 1 : 0;
      }
      assertThat(accepted).isEqualTo(10);
      assertThat(publisher.dropped()).isEqualTo(10);
      assertThat(publisher.publish(event(99), () -> {})).isTrue();
    }
  }

  @Test
  void aFailedCallIsDescribedByItsGrpcStatusCode() {
    assertThat(
            EventPublisher.describe(
                io.grpc.Status.UNAVAILABLE.withDescription("no analytics").asRuntimeException()))
        .isEqualTo("UNAVAILABLE (no analytics)");
    assertThat(
            EventPublisher.describe(
                new java.util.concurrent.CompletionException(
                    io.grpc.Status.DEADLINE_EXCEEDED.asRuntimeException())))
        .isEqualTo("DEADLINE_EXCEEDED");
    assertThat(EventPublisher.describe(new IllegalStateException("down")))
        .isEqualTo("IllegalStateException");
  }
}
