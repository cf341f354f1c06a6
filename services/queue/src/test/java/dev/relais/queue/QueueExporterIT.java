package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Export of a number's queued messages on a real Cassandra: its messages on every route, with text
 * and state, and nobody else's.
 */
class QueueExporterIT {

  private static final Instant NOW = ThreeRouteQueue.NOW;
  private static final String ASKED = "+33612345678";
  private static final String KEPT = "+33698765432";

  private static ThreeRouteQueue fixture;
  private static DispatchQueue queue;

  @BeforeAll
  static void connect() {
    fixture = new ThreeRouteQueue("export");
    queue = fixture.queue;
  }

  @AfterAll
  static void close() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static OutgoingMessage message(String route, String to, Instant notBefore) {
    return ThreeRouteQueue.message(route, to, notBefore);
  }

  @Test
  void everyQueuedMessageOfTheNumberIsExportedWithItsTextAndStateAndNothingElse() {
    OutgoingMessage resolved = message("bouygues", ASKED, NOW.minusSeconds(30));
    OutgoingMessage waiting = message("orange", ASKED, NOW.minusSeconds(30));
    // Held for a later window (another bucket), and on another route written without its '+'.
    OutgoingMessage later = message("orange", ASKED, NOW.plus(Duration.ofHours(10)));
    OutgoingMessage national = message("sfr", "33612345678", NOW.minusSeconds(30));
    List<OutgoingMessage> batch = new ArrayList<>(List.of(resolved, waiting, later, national));
    for (int i = 0; i < 3; i++) {
      batch.add(message("orange", KEPT, NOW.minusSeconds(30)));
      batch.add(message("sfr", KEPT, NOW.minusSeconds(30)));
    }
    queue.writer().enqueue(batch).toCompletableFuture().join();
    fixture.clock.set(NOW.plusSeconds(2));

    // One route has already resolved (sent) the number's message.
    ShardReader reader = queue.reader("bouygues", 0);
    QueuedMessage first = reader.poll(100).get(0);
    assertThat(first.messageId()).isEqualTo(resolved.messageId());
    reader.commit(first.position(), 1).toCompletableFuture().join();

    QueueExporter.Result result = new QueueExporter(queue).export(List.of(ASKED));

    assertThat(result.routes()).isEqualTo(3);
    assertThat(result.messages())
        .extracting(QueueExporter.Message::messageId)
        .containsExactlyInAnyOrder(
            resolved.messageId(), waiting.messageId(), later.messageId(), national.messageId());
    assertThat(result.messages())
        .allSatisfy(m -> {
          assertThat(m.destination()).contains("612345678");
          assertThat(m.body()).isEqualTo("Bonjour, -20% ce week-end. STOP 36111");
          assertThat(m.campaignId()).isEqualTo("ns/spring-sale");
          assertThat(m.sender()).isEqualTo("RELAIS");
          assertThat(m.parts()).isEqualTo(1);
        });
    QueueExporter.Message sent = find(result, resolved.messageId());
    assertThat(sent.unsent()).as("past the shard's cursor").isFalse();
    assertThat(sent.route()).isEqualTo("bouygues");
    assertThat(find(result, waiting.messageId()).unsent()).isTrue();
    QueueExporter.Message held = find(result, later.messageId());
    assertThat(held.unsent()).isTrue();
    assertThat(held.dueAt()).isEqualTo(NOW.plus(Duration.ofHours(10)));
    assertThat(held.expiresAt()).isEqualTo(later.expiresAt());
    // A timeline: the held message comes last.
    assertThat(result.messages().get(result.messages().size() - 1).messageId())
        .isEqualTo(later.messageId());

    // Read-only: the queue is as it was, and an erasure then leaves nothing to export.
    assertThat(queue.depth("orange") + queue.depth("sfr")).isEqualTo(batch.size() - 1);
    assertThat(new QueueEraser(queue).erase(List.of(ASKED)).erased()).isEqualTo(4);
    assertThat(new QueueExporter(queue).export(List.of(ASKED)).messages()).isEmpty();
    assertThat(new QueueExporter(queue).export(List.of(KEPT)).messages()).hasSize(6);
  }

  private static QueueExporter.Message find(QueueExporter.Result result, UUID id) {
    return result.messages().stream()
        .filter(m -> m.messageId().equals(id))
        .findFirst()
        .orElseThrow();
  }
}
