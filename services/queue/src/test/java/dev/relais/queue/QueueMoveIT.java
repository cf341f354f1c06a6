package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.local.cassandra.SharedCassandra;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Moving read messages to a failover route's queue, on a real Cassandra. */
class QueueMoveIT {

  private static final AtomicReference<Instant> NOW =
      new AtomicReference<>(Instant.parse("2026-11-23T09:00:05Z"));
  private static CqlSession session;
  private static DispatchQueue queue;
  private static String keyspace;

  @BeforeAll
  static void connect() {
    keyspace = "it_qmove_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    ServiceConfig config =
        ServiceConfig.of(
            "queue-move-it",
            Map.of("cassandra.hosts", SharedCassandra.contactPoint(), "queue.keyspace", keyspace));
    session =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "queue_it"), null);
    queue =
        DispatchQueue.open(session, QueueSettings.from(config), ThreeRouteQueue.movableClock(NOW));
    queue.registerRoute("primary", 2);
    queue.registerRoute("backup", 3);
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.execute(
          SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
              .setTimeout(Duration.ofSeconds(60)));
      session.close();
    }
  }

  private static OutgoingMessage message(String route, Instant notBefore, int i) {
    return new OutgoingMessage(
        UUID.randomUUID(),
        "ns/campaign-" + i,
        route,
        "+3361234" + String.format("%04d", i),
        "RELAIS",
        "Bonjour " + i,
        notBefore,
        notBefore.plus(Duration.ofHours(6)),
        "B",
        i % 2 == 0,
        1);
  }

  private static List<QueuedMessage> drainAll(String route, int shards) {
    List<QueuedMessage> all = new ArrayList<>();
    for (int shard = 0; shard < shards; shard++) {
      ShardReader reader = queue.reader(route, shard);
      for (List<QueuedMessage> page = reader.poll(100); !page.isEmpty(); page = reader.poll(100)) {
        all.addAll(page);
      }
    }
    return all;
  }

  @Test
  void movedMessagesAreReadOnTheFailoverRouteOnceEvenWhenAMoveIsReplayed() {
    Instant start = NOW.get();
    List<OutgoingMessage> queued = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      queued.add(message("primary", start.minusSeconds(600), i));
    }
    queue.writer().enqueue(queued).toCompletableFuture().join();
    // The backup route has its own traffic: its readers are already past the moved messages' age.
    queue.writer().enqueue(List.of(message("backup", start, 99))).toCompletableFuture().join();
    NOW.set(start.plusSeconds(1));
    assertThat(drainAll("backup", 3)).hasSize(1);
    List<ShardReader> backupReaders = new ArrayList<>();
    for (int shard = 0; shard < 3; shard++) {
      ShardReader reader = queue.reader("backup", shard);
      reader.poll(100);
      backupReaders.add(reader);
    }

    List<QueuedMessage> read = drainAll("primary", 2);
    assertThat(read).hasSize(40);
    QueueWriter writer = queue.writer();
    Instant movedAt = NOW.get();
    for (QueuedMessage m : read) {
      assertThat(writer.move(m, "backup", movedAt, false).toCompletableFuture().join()).isTrue();
    }
    // A failed write retried with the same move time rewrites the same rows.
    for (QueuedMessage m : read.subList(0, 10)) {
      writer.move(m, "backup", movedAt, false).toCompletableFuture().join();
    }
    // A crash, and the next holder of the primary shard replays the move 30 s later: it finds them.
    Instant replayAt = movedAt.plusSeconds(30);
    for (QueuedMessage m : read.subList(10, 20)) {
      assertThat(
              writer
                  .move(m.withPrior(PriorAttempt.IN_DOUBT), "backup", replayAt, true)
                  .toCompletableFuture()
                  .join())
          .as("an earlier move is found, nothing is written again")
          .isFalse();
    }

    NOW.set(replayAt.plusSeconds(12));
    List<QueuedMessage> moved = new ArrayList<>();
    for (ShardReader reader : backupReaders) {
      for (List<QueuedMessage> page = reader.poll(100); !page.isEmpty(); page = reader.poll(100)) {
        moved.addAll(page);
      }
    }
    assertThat(moved)
        .extracting(QueuedMessage::messageId)
        .containsExactlyInAnyOrderElementsOf(read.stream().map(QueuedMessage::messageId).toList());
    for (QueuedMessage m : moved) {
      OutgoingMessage original =
          queued.stream().filter(o -> o.messageId().equals(m.messageId())).findFirst().get();
      assertThat(m.route()).isEqualTo("backup");
      assertThat(m.campaignId()).isEqualTo(original.campaignId());
      assertThat(m.destination()).isEqualTo(original.destination());
      assertThat(m.body()).isEqualTo(original.body());
      assertThat(m.notBefore()).isEqualTo(original.notBefore());
      assertThat(m.expiresAt()).isEqualTo(original.expiresAt());
      assertThat(m.variant()).isEqualTo("B");
      assertThat(m.marketing()).isEqualTo(original.marketing());
    }
  }

  @Test
  void aMoveToAnUndeclaredRouteIsRefused() {
    QueuedMessage m =
        new QueuedMessage(
            0,
            QueuePosition.startOf(0),
            UUID.randomUUID(),
            "ns/c",
            "primary",
            "+33612345678",
            "RELAIS",
            "Bonjour",
            NOW.get(),
            NOW.get().plusSeconds(60),
            "",
            false,
            1,
            PriorAttempt.NONE);
    assertThatThrownBy(() -> queue.writer().move(m, "nowhere", NOW.get(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nowhere");
    assertThatThrownBy(() -> queue.writer().move(m, "primary", NOW.get(), false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
