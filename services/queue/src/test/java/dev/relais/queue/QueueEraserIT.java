package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure reaching the queue, on a real Cassandra: what is scrubbed, what is left, what is read.
 */
class QueueEraserIT {

  private static final Instant NOW = ThreeRouteQueue.NOW;
  private static final String ERASED = "+33612345678";
  private static final String KEPT = "+33698765432";

  private static ThreeRouteQueue fixture;
  private static CqlSession session;
  private static DispatchQueue queue;
  private static String keyspace;

  @BeforeAll
  static void connect() {
    fixture = new ThreeRouteQueue("erase");
    session = fixture.session;
    queue = fixture.queue;
    keyspace = fixture.keyspace;
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
  void everyQueuedRowOfTheNumberLosesItsPersonalDataAndIsReadAsErased() {
    List<OutgoingMessage> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(message("orange", ERASED, NOW.minusSeconds(30)));
      batch.add(message("orange", KEPT, NOW.minusSeconds(30)));
    }
    // Held for a later window (another bucket) and on another route, written in national form.
    batch.add(message("orange", ERASED, NOW.plus(Duration.ofHours(10))));
    batch.add(message("sfr", "33612345678", NOW.minusSeconds(30)));
    batch.add(message("sfr", KEPT, NOW.minusSeconds(30)));
    OutgoingMessage sent = message("bouygues", ERASED, NOW.minusSeconds(30));
    batch.add(sent);
    queue.writer().enqueue(batch).toCompletableFuture().join();
    fixture.clock.set(NOW.plusSeconds(2)); // the messages due now become readable

    // One route has already resolved (sent) the message of the erased number it held.
    ShardReader reader = queue.reader("bouygues", 0);
    QueuedMessage first = reader.poll(100).get(0);
    assertThat(first.messageId()).isEqualTo(sent.messageId());
    reader.commit(first.position(), 1).toCompletableFuture().join();

    QueueEraser.Result result = new QueueEraser(queue).erase(List.of(ERASED));

    assertThat(result.erased()).isEqualTo(8);
    assertThat(result.unsent()).as("all but the one already resolved").isEqualTo(7);
    assertThat(result.routes()).isEqualTo(3);

    List<Row> rows =
        session
            .execute(
                "SELECT destination, body, TTL(sender) AS ttl, TTL(body) AS"
                    + " body_ttl, message_id FROM "
                    + keyspace
                    + ".messages")
            .all();
    assertThat(rows).hasSize(batch.size());
    long scrubbed = 0;
    for (Row row : rows) {
      String destination = row.getString("destination");
      assertThat(destination).doesNotContain("612345678");
      if (destination.isEmpty()) {
        scrubbed++;
        assertThat(row.getString("body")).isEmpty();
        // The scrubbed cells expire with the row, not 14 days after the erasure.
        assertThat(row.getInt("body_ttl")).isLessThanOrEqualTo(row.getInt("ttl"));
      } else {
        assertThat(destination).isEqualTo(KEPT);
        assertThat(row.getString("body")).startsWith("Bonjour");
      }
    }
    assertThat(scrubbed).isEqualTo(8);

    // A dispatcher still reads every row (depth stays exact) and sees which ones are erased.
    List<QueuedMessage> read = new ArrayList<>();
    for (int shard = 0; shard < 2; shard++) {
      read.addAll(queue.reader("sfr", shard).poll(100));
    }
    assertThat(read).hasSize(2);
    assertThat(read).filteredOn(QueuedMessage::erased).hasSize(1);
    assertThat(read)
        .filteredOn(m -> !m.erased())
        .extracting(QueuedMessage::destination)
        .containsExactly(KEPT);

    // Retrying finds nothing left.
    assertThat(new QueueEraser(queue).erase(List.of(ERASED)).erased()).isZero();
    // Nothing was deleted: the rows still count as queued until a dispatcher resolves them.
    assertThat(queue.depth("orange") + queue.depth("sfr")).isEqualTo(batch.size() - 1);
    assertThat(queue.depth("bouygues")).isZero();
  }
}
