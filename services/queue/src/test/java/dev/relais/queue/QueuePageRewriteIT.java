package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.local.cassandra.SharedCassandra;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page of messages written again after a crash, on a real Cassandra: the same messages with the
 * same floor land on the same rows, and the queue tells which of them a first write left behind.
 */
class QueuePageRewriteIT {

  private static final int SHARDS = 4;
  private static CqlSession session;
  private static final AtomicReference<Instant> NOW =
      new AtomicReference<>(Instant.parse("2026-11-23T09:00:05Z"));
  private static final Clock CLOCK = ThreeRouteQueue.movableClock(NOW);
  private static DispatchQueue queue;

  @BeforeAll
  static void connect() {
    String keyspace = "it_page_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    ServiceConfig config =
        ServiceConfig.of(
            "queue-it",
            Map.of("cassandra.hosts", SharedCassandra.contactPoint(), "queue.keyspace", keyspace));
    session =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "queue_it"), null);
    queue = DispatchQueue.open(session, QueueSettings.from(config), CLOCK);
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  /** A page on a new route: half due already, half deferred to later windows. */
  private static List<OutgoingMessage> page(String route, int count) {
    queue.registerRoute(route, SHARDS);
    Instant now = NOW.get();
    List<OutgoingMessage> page = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Instant notBefore = i % 2 == 0 ? now.minusSeconds(30) : now.plusSeconds(60L * i);
      page.add(
          new OutgoingMessage(
              UUID.randomUUID(),
              "ns/campaign",
              route,
              String.format("+336%08d", i),
              "RELAIS",
              "Bonjour",
              notBefore,
              notBefore.plus(Duration.ofDays(1)),
              "",
              true,
              1));
    }
    return page;
  }

  /** Every row of the route, read as dispatch reads them once all are due. */
  private static List<QueuedMessage> rows(String route) {
    Instant before = NOW.get();
    NOW.set(before.plus(Duration.ofDays(1)));
    try {
      List<QueuedMessage> rows = new ArrayList<>();
      for (int shard = 0; shard < SHARDS; shard++) {
        ShardReader reader = queue.reader(route, shard);
        for (List<QueuedMessage> got = reader.poll(500); !got.isEmpty(); got = reader.poll(500)) {
          rows.addAll(got);
        }
      }
      return rows;
    } finally {
      NOW.set(before);
    }
  }

  @Test
  void thePageQueuedAgainAtTheSameTimeRewritesTheSameRows() {
    List<OutgoingMessage> page = page("rewrite", 200);

    queue.writer().enqueue(page).toCompletableFuture().join();
    queue.writer().enqueue(page).toCompletableFuture().join();

    List<QueuedMessage> rows = rows("rewrite");
    assertThat(rows).extracting(QueuedMessage::destination).doesNotHaveDuplicates().hasSize(200);
  }

  @Test
  void theQueueTellsWhichMessagesAnInterruptedWriteLeft() {
    List<OutgoingMessage> page = page("interrupted", 200);
    Instant floor = NOW.get();
    List<OutgoingMessage> written = page.subList(0, 120);
    queue.writer().enqueue(written, floor).toCompletableFuture().join();

    Set<UUID> found = queue.writer().queuedAt(page, floor).toCompletableFuture().join();
    Set<UUID> atAnotherFloor =
        queue.writer().queuedAt(page, floor.plusSeconds(5)).toCompletableFuture().join();

    assertThat(found)
        .isEqualTo(written.stream().map(OutgoingMessage::messageId).collect(Collectors.toSet()));
    // Deferred messages are due at their own time whatever the floor: found at any floor.
    assertThat(atAnotherFloor)
        .isEqualTo(
            written.stream()
                .filter(m -> m.notBefore().isAfter(floor.plusSeconds(5)))
                .map(OutgoingMessage::messageId)
                .collect(Collectors.toSet()));

    // Completing the page writes the rest; nothing is there twice.
    queue
        .writer()
        .enqueue(page.stream().filter(m -> !found.contains(m.messageId())).toList(), floor)
        .toCompletableFuture()
        .join();
    assertThat(rows("interrupted"))
        .extracting(QueuedMessage::destination)
        .doesNotHaveDuplicates()
        .hasSize(200);
  }
}
