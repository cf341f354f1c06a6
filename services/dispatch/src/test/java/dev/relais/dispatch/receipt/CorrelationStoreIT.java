package dev.relais.dispatch.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.dispatch.TestKeyspaces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SMSC id correlations against a real Cassandra: written as chunks, found by another replica,
 * promoted to rows of their own when no receipt comes, and recovered from a writer that died. Each
 * test works on a route of its own in the JVM's shared {@link TestKeyspaces}.
 */
class CorrelationStoreIT {

  private static final String KEYSPACE = TestKeyspaces.DISPATCH;
  private static CqlSession session;

  /** Platform clock the test moves forward; all stores of a test share it. */
  private final AtomicReference<Duration> shift = new AtomicReference<>(Duration.ZERO);

  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.now().plus(shift.get());
        }
      };

  @BeforeAll
  static void migrate() {
    session = TestKeyspaces.session();
  }

  private CorrelationStore store(String route, Duration promoteAfter) {
    return new CorrelationStore(
        session,
        route,
        new CorrelationStore.Settings(
            10_000,
            Duration.ofMillis(50),
            promoteAfter,
            Duration.ofMinutes(3),
            Duration.ofHours(1),
            Duration.ofMillis(200)),
        clock);
  }

  private static String route() {
    return "route-" + UUID.randomUUID();
  }

  private static List<SentMessage> messages(int count) {
    List<SentMessage> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(new SentMessage(UUID.randomUUID(), "campaign-7", i % 2 == 0 ? "A" : "", 1, 1));
    }
    return sent;
  }

  /** Remembers each message under the SMSC id "00AB" + index and waits until all are durable. */
  private static void rememberAll(CorrelationStore store, List<SentMessage> sent) {
    List<CompletableFuture<Void>> durable = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      durable.add(store.remember("00AB" + i, sent.get(i)).toCompletableFuture());
    }
    CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).join();
  }

  private static Optional<SentMessage> find(CorrelationStore store, String receiptId) {
    return match(store, receiptId).map(CorrelationLookup.Match::sent);
  }

  private static Optional<CorrelationLookup.Match> match(CorrelationStore store, String receiptId) {
    return store
        .find(SmscMessageIds.lookupKeys(receiptId))
        .toCompletableFuture()
        .orTimeout(10, TimeUnit.SECONDS)
        .join();
  }

  /** The smsc ids of the route that have a row of their own. */
  private static Set<String> idRows(String route) {
    Set<String> ids = new HashSet<>();
    rowsOf(route, "smsc_messages", "smsc_id").forEach(row -> ids.add(row.getString(1)));
    return ids;
  }

  /** The route's chunks, as (route, promoted) rows. */
  private static List<Row> chunks(String route) {
    return rowsOf(route, "smsc_id_chunks", "promoted");
  }

  /** (route, {@code column}) of the rows of {@code table} that belong to {@code route}. */
  private static List<Row> rowsOf(String route, String table, String column) {
    List<Row> rows = new ArrayList<>();
    String query =
        "SELECT route, " + column + " FROM " + KEYSPACE + "." + table + " ALLOW FILTERING";
    for (Row row : session.execute(query)) {
      if (row.getString("route").equals(route)) {
        rows.add(row);
      }
    }
    return rows;
  }

  @Test
  void aReceiptReachingAnotherReplicaIsMatchedFromTheChunksWithoutARowPerId() throws Exception {
    String route = route();
    List<SentMessage> sent = messages(500);
    try (CorrelationStore submitter = store(route, Duration.ofMinutes(10));
        CorrelationStore other = store(route, Duration.ofMinutes(10))) {
      rememberAll(submitter, sent);

      for (int i = 0; i < sent.size(); i++) {
        // The receipt quotes the id in another case, without its leading zeros. Another replica
        // cannot know whether the submitter saw a receipt for it first.
        assertThat(match(other, "ab" + i))
            .as("receipt " + i)
            .contains(new CorrelationLookup.Match(sent.get(i), false));
      }
      assertThat(find(other, "ffff-unknown")).isEmpty();
      assertThat(idRows(route)).as("no row per id while receipts are expected").isEmpty();
      assertThat(chunks(route)).hasSizeLessThanOrEqualTo(5).isNotEmpty();
    }
  }

  @Test
  void onlyIdsStillWithoutAReceiptArePromotedToRowsOfTheirOwn() throws Exception {
    String route = route();
    List<SentMessage> sent = messages(10);
    try (CorrelationStore store = store(route, Duration.ofSeconds(20))) {
      rememberAll(store, sent);
      for (int i = 0; i < 4; i++) {
        // Their receipts came: the first is the first report of the message's receipt...
        assertThat(match(store, "AB" + i)).contains(new CorrelationLookup.Match(sent.get(i), true));
      }
      // ...and a repeated receipt is not.
      assertThat(match(store, "ab0")).contains(new CorrelationLookup.Match(sent.get(0), false));
      shift.set(Duration.ofSeconds(25));
      await(() -> store.promoted() == 6 && chunks(route).stream().allMatch(r -> r.getBoolean(1)));

      assertThat(idRows(route)).containsExactlyInAnyOrder("ab4", "ab5", "ab6", "ab7", "ab8", "ab9");
    }
    // A dispatcher started later, with nothing in memory, matches a late receipt by its row.
    try (CorrelationStore restarted = store(route, Duration.ofMinutes(10))) {
      assertThat(find(restarted, "0ab7")).contains(sent.get(7));
    }
  }

  @Test
  void chunksACrashedWriterLeftArePromotedByTheNextDispatcherOfTheRoute() throws Exception {
    String route = route();
    List<SentMessage> sent = messages(50);
    CorrelationStore crashed = store(route, Duration.ofMinutes(10));
    rememberAll(crashed, sent);
    crashed.close(); // it never promoted its chunks: as good as killed for them
    assertThat(idRows(route)).isEmpty();

    // Four minutes later, past twice the survivor's promotion delay, its recovery scan runs.
    shift.set(Duration.ofMinutes(4));
    try (CorrelationStore survivor = store(route, Duration.ofSeconds(30))) {
      await(() -> survivor.recovered() == 50);
      assertThat(idRows(route)).hasSize(50);
      assertThat(chunks(route)).allMatch(r -> r.getBoolean(1));
    }
    shift.set(Duration.ofHours(10)); // past the recent chunks: only rows of their own are left
    try (CorrelationStore later = store(route, Duration.ofMinutes(10))) {
      assertThat(find(later, "ab49")).contains(sent.get(49));
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition met within 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
