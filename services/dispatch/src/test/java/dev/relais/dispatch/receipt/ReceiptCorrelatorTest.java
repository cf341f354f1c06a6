package dev.relais.dispatch.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.events.EventPublisher;
import dev.relais.dispatch.events.MessageEvents;
import dev.relais.dispatch.smpp.Backoff;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Receipts correlated early, late, in another id format, or never. */
class ReceiptCorrelatorTest {

  private final Map<String, SentMessage> known = new ConcurrentHashMap<>();
  private volatile boolean firstReceipts;
  private final List<MessageEvent> published = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final DispatchStats stats = new DispatchStats(Clock.systemUTC());
  private final EventPublisher publisher =
      new EventPublisher(
          batch -> {
            published.addAll(batch.getEventsList());
            return CompletableFuture.completedFuture(null);
          },
          100,
          Duration.ofMillis(5),
          2,
          1000,
          Backoff.of(Duration.ofMillis(10), Duration.ofMillis(20)),
          e -> {});
  private final ReceiptCorrelator correlator =
      new ReceiptCorrelator(
          keys -> {
            for (String key : keys) {
              if (known.containsKey(key)) {
                return CompletableFuture.completedFuture(
                    Optional.of(new CorrelationLookup.Match(known.get(key), firstReceipts)));
              }
            }
            return CompletableFuture.completedFuture(Optional.empty());
          },
          publisher,
          new MessageEvents("route-1", Clock.systemUTC()),
          scheduler,
          List.of(Duration.ofMillis(50), Duration.ofMillis(100)),
          10,
          stats);

  @AfterEach
  void stop() {
    publisher.close();
    scheduler.shutdownNow();
  }

  private static DeliveryReceiptMatcher.Receipt receipt(String id, String stat) {
    return DeliveryReceiptMatcher.parse(
            "id:" + id + " sub:001 dlvrd:001 stat:" + stat + " err:000", null, null, null)
        .orElseThrow();
  }

  private void flush() throws InterruptedException {
    assertThat(publisher.flush(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void aReceiptForAKnownIdInAnotherBaseBecomesADeliveredEvent() throws Exception {
    UUID message = UUID.randomUUID();
    known.put(
        SmscMessageIds.canonical("1774174469886075"), new SentMessage(message, "ns/c", "B", 1, 1));
    correlator.onReceipt(receipt("64D9A2F0C107B", "DELIVRD"));
    flush();
    assertThat(published)
        .singleElement()
        .satisfies(e -> {
          assertThat(e.getType()).isEqualTo(EventType.EVENT_TYPE_DELIVERED);
          assertThat(e.getMessageId()).isEqualTo(message.toString());
          assertThat(e.getCampaignId()).isEqualTo("ns/c");
          assertThat(e.getVariant()).isEqualTo("B");
          assertThat(e.getRoute()).isEqualTo("route-1");
        });
  }

  @Test
  void onlyTheFirstReceiptOfAOnePartMessageSubmittedHereIsMarkedAsFirstReport() throws Exception {
    UUID longMessage = UUID.randomUUID();
    known.put("a1", new SentMessage(UUID.randomUUID(), "ns/c", "", 1, 1));
    known.put("b1", new SentMessage(longMessage, "ns/c", "", 1, 2));
    known.put("b2", new SentMessage(longMessage, "ns/c", "", 2, 2));
    known.put("c1", new SentMessage(UUID.randomUUID(), "ns/c", "", 1, 1));

    firstReceipts = true;
    correlator.onReceipt(receipt("a1", "DELIVRD"));
    flush();
    assertThat(published).singleElement().satisfies(e -> assertThat(e.getFirstReport()).isTrue());

    published.clear();
    firstReceipts = false; // matched from storage, or a second time
    correlator.onReceipt(receipt("c1", "DELIVRD"));
    flush();
    assertThat(published).singleElement().satisfies(e -> assertThat(e.getFirstReport()).isFalse());

    published.clear();
    firstReceipts = true; // parts of a long message may have reached other replicas
    correlator.onReceipt(receipt("b1", "DELIVRD"));
    correlator.onReceipt(receipt("b2", "DELIVRD"));
    flush();
    assertThat(published).singleElement().satisfies(e -> assertThat(e.getFirstReport()).isFalse());
  }

  @Test
  void aReceiptThatOvertakesItsResponseIsParkedUntilTheIdIsKnown() throws Exception {
    UUID message = UUID.randomUUID();
    correlator.onReceipt(receipt("abc", "UNDELIV"));
    Thread.sleep(20);
    assertThat(correlator.parked()).isEqualTo(1);
    known.put("abc", new SentMessage(message, "ns/c", "", 1, 1));
    long start = System.nanoTime();
    while (published.isEmpty() && System.nanoTime() - start < 3_000_000_000L) {
      Thread.sleep(10);
    }
    assertThat(published)
        .singleElement()
        .satisfies(e -> assertThat(e.getType()).isEqualTo(EventType.EVENT_TYPE_UNDELIVERED));
    assertThat(stats.snapshot().orphanReceipts()).isZero();
    assertThat(correlator.parked()).isZero();
  }

  @Test
  void aReceiptThatStaysUnknownIsCountedAsOrphan() throws Exception {
    correlator.onReceipt(receipt("nobody", "DELIVRD"));
    long start = System.nanoTime();
    while (stats.snapshot().orphanReceipts() == 0 && System.nanoTime() - start < 3_000_000_000L) {
      Thread.sleep(10);
    }
    assertThat(stats.snapshot().orphanReceipts()).isEqualTo(1);
    flush();
    assertThat(published).isEmpty();
    assertThat(correlator.parked()).isZero();
  }

  @Test
  void intermediateNotificationsPublishNothing() throws Exception {
    known.put("5", new SentMessage(UUID.randomUUID(), "ns/c", "", 1, 1));
    correlator.onReceipt(receipt("5", "ENROUTE"));
    flush();
    assertThat(published).isEmpty();
  }

  @Test
  void tooManyParkedReceiptsBecomeOrphansAtOnce() throws Exception {
    for (int i = 0; i < 15; i++) {
      correlator.onReceipt(receipt("unknown" + i, "DELIVRD"));
    }
    assertThat(stats.snapshot().orphanReceipts()).isEqualTo(5);
    assertThat(correlator.parked()).isEqualTo(10);
  }
}
