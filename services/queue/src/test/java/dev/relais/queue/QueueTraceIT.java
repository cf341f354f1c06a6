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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trace context of a message sampled for tracing goes through the queue on a real Cassandra:
 * written with the message, read back by dispatch, kept by a failover move; a message not sampled
 * has no trace cell at all.
 */
class QueueTraceIT {

  private static final int SHARDS = 2;
  private static final AtomicReference<Instant> NOW =
      new AtomicReference<>(Instant.parse("2026-11-23T09:00:05Z"));
  private static String keyspace;
  private static CqlSession session;
  private static DispatchQueue queue;

  @BeforeAll
  static void connect() {
    keyspace = "it_trace_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    ServiceConfig config =
        ServiceConfig.of(
            "queue-it",
            Map.of("cassandra.hosts", SharedCassandra.contactPoint(), "queue.keyspace", keyspace));
    session =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "queue_it"), null);
    Clock clock = ThreeRouteQueue.movableClock(NOW);
    queue = DispatchQueue.open(session, QueueSettings.from(config), clock);
  }

  @AfterAll
  static void close() {
    if (session != null) {
      SharedCassandra.dropQuietly(session, keyspace);
      session.close();
    }
  }

  private static String traceparent(int i) {
    return String.format("00-%032x-%016x-01", 0xabc000L + i, 0xdef000L + i);
  }

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
  void sampledMessagesCarryTheirTraceThroughTheQueueAndOthersStoreNothing() {
    queue.registerRoute("traced", SHARDS);
    queue.registerRoute("backup", SHARDS);
    Instant now = NOW.get();
    List<OutgoingMessage> page = new ArrayList<>();
    Map<UUID, String> expected = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      OutgoingMessage m =
          new OutgoingMessage(
              UUID.randomUUID(),
              "ns/campaign",
              "traced",
              String.format("+336%08d", i),
              "RELAIS",
              "Bonjour",
              now.minusSeconds(30),
              now.plus(Duration.ofDays(1)),
              "",
              true,
              1);
      String trace = i % 4 == 0 ? traceparent(i) : null;
      expected.put(m.messageId(), trace);
      page.add(trace == null ? m : m.withTrace(trace));
    }

    queue.writer().enqueue(page).toCompletableFuture().join();

    List<QueuedMessage> read = rows("traced");
    assertThat(read).hasSize(40);
    assertThat(read)
        .allSatisfy(m -> {
          assertThat(m.trace()).isEqualTo(expected.get(m.messageId()));
          assertThat(m.traced()).isEqualTo(expected.get(m.messageId()) != null);
        });
    // No cell at all for the messages not sampled: not even a tombstone (a null write makes one).
    int cells = 0;
    for (Row row :
        session.execute(
            "SELECT message_id, trace, writetime(trace) AS written FROM "
                + keyspace
                + ".messages WHERE route = 'traced' ALLOW FILTERING")) {
      if (row.isNull("written")) {
        assertThat(expected.get(row.getUuid("message_id"))).isNull();
      } else {
        cells++;
      }
    }
    assertThat(cells).isEqualTo(10);

    // A failover move keeps the message's trace.
    QueuedMessage sampled = read.stream().filter(QueuedMessage::traced).findFirst().orElseThrow();
    queue.writer().move(sampled, "backup", now, false).toCompletableFuture().join();
    assertThat(rows("backup"))
        .singleElement()
        .satisfies(m -> assertThat(m.trace()).isEqualTo(sampled.trace()));
  }
}
