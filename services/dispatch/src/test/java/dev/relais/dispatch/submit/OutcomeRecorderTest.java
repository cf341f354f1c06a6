package dev.relais.dispatch.submit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.events.EventPublisher;
import dev.relais.dispatch.events.MessageEvents;
import dev.relais.dispatch.inbound.RecentRecipients;
import dev.relais.dispatch.smpp.Backoff;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import dev.relais.queue.PriorAttempt;
import dev.relais.queue.QueuePosition;
import dev.relais.queue.QueuedMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How outcomes that need no SMSC are reported: an expiry read again is not reported twice. */
class OutcomeRecorderTest {

  private final List<RecordEventsRequest> received = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> acknowledgement = new CompletableFuture<>();

  private static QueuedMessage expiredMessage() {
    Instant past = Instant.parse("2026-11-22T10:00:00Z");
    return new QueuedMessage(
        0,
        new QueuePosition(1, UUID.randomUUID()),
        UUID.randomUUID(),
        "c1",
        "route",
        "+33600000001",
        "RELAIS",
        "Hello",
        past.minusSeconds(60),
        past,
        "",
        false,
        1,
        PriorAttempt.NONE);
  }

  @Test
  void aMessageExpiredAgainIsReportedOnceAndResolvedOnceTheFirstReportIsAcknowledged()
      throws Exception {
    DispatchStats stats = new DispatchStats(Clock.systemUTC());
    try (EventPublisher publisher =
        new EventPublisher(
            batch -> {
              received.add(batch);
              return acknowledgement; // analytics answers when the test says so
            },
            100,
            Duration.ofMillis(10),
            2,
            10,
            new Backoff(Duration.ofMillis(10), Duration.ofMillis(40), 0, () -> 0),
            error -> {})) {
      OutcomeRecorder outcomes =
          new OutcomeRecorder(
              publisher,
              new MessageEvents("route", Clock.systemUTC()),
              null,
              new RecentRecipients(10),
              stats,
              null);
      QueuedMessage m = expiredMessage();
      AtomicInteger resolved = new AtomicInteger();

      outcomes.expired(m, resolved::incrementAndGet); // read by one pass...
      outcomes.expired(m, resolved::incrementAndGet); // ...and again by the next
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (received.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(resolved).as("nothing resolves before analytics has the event").hasValue(0);

      acknowledgement.complete(null);
      assertThat(publisher.flush(Duration.ofSeconds(5))).isTrue();

      assertThat(resolved).hasValue(2);
      List<MessageEvent> events =
          received.stream().flatMap(b -> b.getEventsList().stream()).toList();
      assertThat(events)
          .singleElement()
          .satisfies(e -> {
            assertThat(e.getType()).isEqualTo(EventType.EVENT_TYPE_EXPIRED);
            assertThat(e.getMessageId()).isEqualTo(m.messageId().toString());
          });
      assertThat(stats.snapshot().expired()).isEqualTo(1);
    }
  }
}
