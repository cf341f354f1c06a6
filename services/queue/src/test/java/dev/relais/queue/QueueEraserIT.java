package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.local.cassandra.SharedCassandra;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure reaching the queue, on a real Cassandra: what is scrubbed, what is left, what is read.
 */
class QueueEraserIT {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:05Z");
  private static final AtomicReference<Instant> CLOCK_READING = new AtomicReference<>(NOW);
  private static final String ERASED = "+33612345678";
  private static final String KEPT = "+33698765432";

  private static CqlSession session;
  private static DispatchQueue queue;
  private static String keyspace;

  @BeforeAll
  static void connect() {
    keyspace = "it_erase_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    ServiceConfig config =
        ServiceConfig.of(
            "queue-erase-it",
            Map.of("cassandra.hosts", SharedCassandra.contactPoint(), "queue.keyspace", keyspace));
    session =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "queue_it"), null);
    queue = DispatchQueue.open(session, QueueSettings.from(config), movableClock());
    queue.registerRoute("orange", 4);
    queue.registerRoute("sfr", 2);
    queue.registerRoute("bouygues", 1);
  }

  /** A clock the test moves by hand. */
  private static Clock movableClock() {
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return CLOCK_READING.get();
      }
    };
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  private static OutgoingMessage message(String route, String to, Instant notBefore) {
    return new OutgoingMessage(
        UUID.randomUUID(),
        "ns/spring-sale",
        route,
        to,
        "RELAIS",
        "Bonjour, -20% ce week-end. STOP 36111",
        notBefore,
        notBefore.plus(Duration.ofDays(2)),
        "",
        true,
        1);
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
    CLOCK_READING.set(NOW.plusSeconds(2)); // the messages due now become readable

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
