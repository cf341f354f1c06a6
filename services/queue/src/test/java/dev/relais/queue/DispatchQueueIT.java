package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue on a real Cassandra: exactly-once reading in due order, resume, deferral, leases. */
class DispatchQueueIT {

  private static CqlSession session;
  private static final AtomicReference<Instant> NOW =
      new AtomicReference<>(Instant.parse("2026-11-23T09:00:05Z"));
  private static final Clock CLOCK = ThreeRouteQueue.movableClock(NOW);

  private static DispatchQueue queue;

  @BeforeAll
  static void connect() {
    String keyspace = "it_queue_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    ServiceConfig config =
        ServiceConfig.of(
            "queue-it",
            Map.of("cassandra.hosts", SharedCassandra.contactPoint(), "queue.keyspace", keyspace));
    session =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "queue_it"), null);
    queue = DispatchQueue.open(session, QueueSettings.from(config), CLOCK);
    queue.registerRoute("route-a", 4);
    queue.registerRoute("route-b", 2);
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  private static OutgoingMessage message(String route, Instant notBefore) {
    return new OutgoingMessage(
        UUID.randomUUID(),
        "ns/campaign",
        route,
        "+33612345678",
        "RELAIS",
        "Bonjour",
        notBefore,
        notBefore.plus(Duration.ofHours(6)),
        "",
        false,
        1);
  }

  private static List<QueuedMessage> drain(ShardReader reader) {
    List<QueuedMessage> all = new ArrayList<>();
    for (List<QueuedMessage> page = reader.poll(100); !page.isEmpty(); page = reader.poll(100)) {
      all.addAll(page);
    }
    return all;
  }

  /**
   * Queues {@code count} messages due now on a new one-shard route, two hours after the previous
   * test's messages, and moves the clock just past them.
   */
  private static void queueOnOneShard(String route, int count) {
    queue.registerRoute(route, 1);
    NOW.set(NOW.get().plus(Duration.ofHours(2)));
    Instant now = NOW.get();
    List<OutgoingMessage> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(message(route, now));
    }
    queue.writer().enqueue(batch).toCompletableFuture().join();
    NOW.set(now.plusSeconds(1));
  }

  @Test
  void everyMessageIsReadOnceInDueOrderAndDeferredOnesWaitForTheirTime() {
    Instant now = NOW.get();
    List<OutgoingMessage> batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      batch.add(message("route-a", now.minusSeconds(30)));
    }
    OutgoingMessage deferred = message("route-a", now.plus(Duration.ofMinutes(5)));
    batch.add(deferred);
    queue.writer().enqueue(batch).toCompletableFuture().join();
    assertThat(queue.depth("route-a")).isEqualTo(1001);

    NOW.set(now.plusSeconds(2));
    Set<UUID> seen = new HashSet<>();
    for (int shard = 0; shard < 4; shard++) {
      List<QueuedMessage> read = drain(queue.reader("route-a", shard));
      for (int i = 1; i < read.size(); i++) {
        assertThat(read.get(i - 1).position()).isLessThan(read.get(i).position());
      }
      read.forEach(m -> assertThat(seen.add(m.messageId())).isTrue());
    }
    assertThat(seen).hasSize(1000).doesNotContain(deferred.messageId());

    NOW.set(now.plus(Duration.ofMinutes(5)).plusSeconds(1));
    int deferredShard = queue.writer().shardOf(deferred);
    ShardReader late = queue.reader("route-a", deferredShard);
    assertThat(drain(late)).extracting(QueuedMessage::messageId).contains(deferred.messageId());
  }

  @Test
  void aNewReaderResumesAfterTheCommittedCursor() {
    NOW.set(NOW.get().plus(Duration.ofHours(1)));
    Instant now = NOW.get();
    List<OutgoingMessage> batch = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      batch.add(message("route-b", now));
    }
    queue.writer().enqueue(batch).toCompletableFuture().join();
    NOW.set(now.plusSeconds(1));

    ShardReader first = queue.reader("route-b", 0);
    List<QueuedMessage> page = first.poll(50);
    assertThat(page).hasSize(50);
    CommitTracker tracker = new CommitTracker();
    page.forEach(m -> tracker.read(m.position()));
    page.subList(0, 20).forEach(m -> tracker.resolve(m.position()));
    // The cursor may pass them once the sweep has looked behind them, a lookback later.
    NOW.set(NOW.get().plus(queue.settings().lookback()).plusSeconds(1));
    assertThat(first.poll(50)).hasSize(50);
    CommitTracker.Advance advance = tracker.advance(first.swept()).orElseThrow();
    assertThat(advance.count()).isEqualTo(20);
    first.commit(advance.position(), advance.count()).toCompletableFuture().join();

    // A crash loses the in-memory position: messages 21..50 were read but not resolved.
    List<QueuedMessage> resumed = drain(queue.reader("route-b", 0));
    assertThat(resumed.get(0).messageId()).isEqualTo(page.get(20).messageId());
    Set<UUID> all = new HashSet<>();
    page.subList(0, 20).forEach(m -> all.add(m.messageId()));
    resumed.forEach(m -> assertThat(all.add(m.messageId())).isTrue());
    assertThat(all)
        .hasSize((int) batch.stream().filter(m -> queue.writer().shardOf(m) == 0).count());
  }

  @Test
  void aNewHolderKnowsWhichUncommittedMessagesWereAnsweredAndWhichAreInDoubt() {
    queueOnOneShard("route-crash", 40);

    // The first holder commits 10, marks 30 as possibly sent, gets answers for 3 of them, dies.
    ShardReader first = queue.reader("route-crash", 0);
    List<QueuedMessage> read = first.poll(40);
    assertThat(read).hasSize(40);
    first.commit(read.get(9).position(), 10).toCompletableFuture().join();
    first.markSending(read.get(29).position());
    first.markSending(read.get(5).position()); // never moves back
    OutcomeLog log = queue.outcomes();
    log.submitted(read.get(12), "smsc-12", 1).toCompletableFuture().join();
    log.submitted(read.get(20), "smsc-20", 2).toCompletableFuture().join();
    log.failed(read.get(25), 1, 0x0b).toCompletableFuture().join();

    List<QueuedMessage> resumed = drain(queue.reader("route-crash", 0));
    assertThat(resumed).hasSize(30);
    assertThat(resumed.get(0).messageId()).isEqualTo(read.get(10).messageId());
    Map<UUID, PriorAttempt> prior = new java.util.HashMap<>();
    resumed.forEach(m -> prior.put(m.messageId(), m.prior()));
    assertThat(prior.get(read.get(12).messageId()))
        .isEqualTo(new PriorAttempt(PriorAttempt.Kind.SUBMITTED, "smsc-12", 1, 0));
    assertThat(prior.get(read.get(20).messageId()).parts()).isEqualTo(2);
    assertThat(prior.get(read.get(25).messageId()))
        .isEqualTo(new PriorAttempt(PriorAttempt.Kind.FAILED, "", 1, 0x0b));
    long inDoubt =
        resumed.stream().filter(m -> m.prior().kind() == PriorAttempt.Kind.IN_DOUBT).count();
    assertThat(inDoubt).as("marked up to 30, 10 committed, 3 answered").isEqualTo(17);
    for (int i = 30; i < 40; i++) {
      assertThat(prior.get(read.get(i).messageId())).isEqualTo(PriorAttempt.NONE);
    }
  }

  @Test
  void aSendMarkTheStoreLostIsWrittenAgainByTheProcessThatWroteIt() {
    queueOnOneShard("route-lost-mark", 20);
    ShardReader first = queue.reader("route-lost-mark", 0);
    List<QueuedMessage> read = first.poll(20);
    assertThat(read).hasSize(20);
    first.markSending(read.get(14).position()); // 15 messages may have been sent
    // The node forgets the acknowledged mark, as a killed single node forgets its last writes.
    session.execute(
        "DELETE FROM "
            + queue.settings().keyspace()
            + ".send_marks WHERE route = 'route-lost-mark' AND shard = 0");

    List<QueuedMessage> resumed = drain(queue.reader("route-lost-mark", 0));

    assertThat(resumed).hasSize(20);
    assertThat(resumed.subList(0, 15))
        .as("messages this process marked before the store lost the mark")
        .allSatisfy(m -> assertThat(m.prior().kind()).isEqualTo(PriorAttempt.Kind.IN_DOUBT));
    assertThat(resumed.subList(15, 20))
        .allSatisfy(m -> assertThat(m.prior()).isEqualTo(PriorAttempt.NONE));
    Row stored =
        session
            .execute(
                "SELECT bucket, seq FROM "
                    + queue.settings().keyspace()
                    + ".send_marks WHERE route = 'route-lost-mark' AND shard = 0")
            .one();
    assertThat(new QueuePosition(stored.getLong("bucket"), stored.getUuid("seq")))
        .as("the mark, written again")
        .isEqualTo(read.get(14).position());
  }

  @Test
  void answersWaitingTogetherShareOneChunkRowAndRowsOfTheFormerTableStillCount() {
    queueOnOneShard("route-chunks", 300);

    ShardReader first = queue.reader("route-chunks", 0);
    List<QueuedMessage> read = drain(first);
    assertThat(read).hasSize(300);
    first.markSending(read.get(299).position());
    // Answers to 299 messages arrive together; the last one's answer was logged by an older
    // dispatcher, one row per message in the former outcomes table.
    OutcomeLog log = queue.outcomes();
    List<CompletableFuture<Void>> answers = new ArrayList<>();
    for (int i = 0; i < 299; i++) {
      QueuedMessage m = read.get(i);
      answers.add(
          (i % 2 == 0 ? log.submitted(m, "smsc-" + i, 1) : log.failed(m, 1, 0x58))
              .toCompletableFuture());
    }
    answers.forEach(CompletableFuture::join);
    QueuedMessage legacy = read.get(299);
    session.execute(
        "INSERT INTO "
            + queue.settings().keyspace()
            + ".outcomes (route, shard, bucket, seq, outcome, smsc_id, parts)"
            + " VALUES (?, 0, ?, ?, 'SUBMITTED', 'smsc-legacy', 1)",
        "route-chunks",
        legacy.position().bucket(),
        legacy.position().seq());

    long chunkRows =
        session
            .execute(
                "SELECT count(*) FROM "
                    + queue.settings().keyspace()
                    + ".outcome_chunks WHERE route = 'route-chunks' AND shard = 0 AND bucket = ?",
                read.get(0).position().bucket())
            .one()
            .getLong(0);
    assertThat(chunkRows).as("rows for 299 answers").isBetween(1L, 100L);

    List<QueuedMessage> resumed = drain(queue.reader("route-chunks", 0));
    assertThat(resumed).hasSize(300);
    for (int i = 0; i < 299; i++) {
      PriorAttempt expected =
          i % 2 == 0
              ? new PriorAttempt(PriorAttempt.Kind.SUBMITTED, "smsc-" + i, 1, 0)
              : new PriorAttempt(PriorAttempt.Kind.FAILED, "", 1, 0x58);
      assertThat(resumed.get(i).prior()).as("message " + i).isEqualTo(expected);
    }
    assertThat(resumed.get(299).prior())
        .isEqualTo(new PriorAttempt(PriorAttempt.Kind.SUBMITTED, "smsc-legacy", 1, 0));
  }

  @Test
  void leasesAreSharedFairlyAndHandedOverOnlyOnceReleased() {
    ShardLeases one = queue.leases("route-a", "dispatch-1");
    ShardLeases two = queue.leases("route-a", "dispatch-2");
    assertThat(one.rebalance()).hasSize(4);
    two.rebalance(); // joins: the fair share drops to 2, but all shards are still held by one
    assertThat(one.rebalance()).hasSize(2);
    assertThat(one.handingOver()).hasSize(2);
    // Until the first owner has drained and released them, nobody else may take them.
    assertThat(two.rebalance()).isEmpty();
    one.handingOver().forEach(one::release);
    assertThat(two.rebalance()).hasSize(2);
    assertThat(new HashSet<>(one.held())).doesNotContainAnyElementsOf(two.held());

    one.releaseAll();
    assertThat(two.rebalance()).hasSize(4);
    two.releaseAll();
  }

  @Test
  void aLeaseTakenOverAfterItExpiredIsLostAndTheOthersAreStillRenewed() {
    queue.registerRoute("route-c", 4);
    ShardLeases one = queue.leases("route-c", "dispatch-1");
    assertThat(one.rebalance()).containsExactly(0, 1, 2, 3);
    // The lease of shard 2 expired during a long pause of dispatch-1, and another dispatcher
    // took it: what its lightweight transaction leaves behind.
    session.execute(
        "UPDATE "
            + queue.settings().keyspace()
            + ".leases SET owner = 'dispatch-2' WHERE route = 'route-c' AND shard = 2");

    one.rebalance();

    assertThat(one.held()).containsExactlyInAnyOrder(0, 1, 3);
    assertThat(leaseOwners("route-c"))
        .containsEntry(0, "dispatch-1")
        .containsEntry(1, "dispatch-1")
        .containsEntry(2, "dispatch-2")
        .containsEntry(3, "dispatch-1");
    // The next renewals, all held leases at once, keep them.
    one.rebalance();
    assertThat(one.held()).containsExactlyInAnyOrder(0, 1, 3);
    one.releaseAll();
    assertThat(leaseOwners("route-c")).containsOnlyKeys(2);
  }

  @Test
  void aDispatcherThatCannotSendTakesOnlyFreeShardsWithoutJoiningTheMembers() {
    queue.registerRoute("route-d", 4);
    ShardLeases sending = queue.leases("route-d", "dispatch-1");
    ShardLeases unbound = queue.leases("route-d", "dispatch-2");
    assertThat(sending.rebalance()).hasSize(4);
    sending.release(3); // as if its lease had expired
    assertThat(unbound.anyMember()).isTrue();

    assertThat(unbound.holdFreeShards()).containsExactly(3);
    // It holds shard 3 but is no member: the sending dispatcher's fair share is still every shard.
    assertThat(sending.rebalance()).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(sending.handingOver()).isEmpty();
    assertThat(leaseOwners("route-d")).containsEntry(3, "dispatch-2");

    sending.releaseAll();
    assertThat(unbound.anyMember()).isFalse();
    assertThat(unbound.holdFreeShards()).containsExactlyInAnyOrder(0, 1, 2, 3);
    unbound.releaseAll();
    assertThat(leaseOwners("route-d")).isEmpty();
  }

  private static Map<Integer, String> leaseOwners(String route) {
    Map<Integer, String> owners = new HashMap<>();
    for (Row row :
        session.execute(
            "SELECT shard, owner FROM " + queue.settings().keyspace() + ".leases WHERE route = ?",
            route)) {
      owners.put(row.getInt("shard"), row.getString("owner"));
    }
    return owners;
  }

  @Test
  void aWriteLandingBehindTheReaderIsPickedUpOnceByTheSweep() {
    queue.registerRoute("route-late", 1);
    NOW.set(NOW.get().plus(Duration.ofHours(3)));
    Instant now = NOW.get();
    queue
        .writer()
        .enqueue(List.of(message("route-late", now.plusSeconds(1))))
        .toCompletableFuture()
        .join();
    NOW.set(now.plusSeconds(2));
    ShardReader reader = queue.reader("route-late", 0);
    assertThat(drain(reader)).hasSize(1);

    // A writer whose write took long: its message is due before what the reader already passed.
    AtomicReference<Instant> slowClock = new AtomicReference<>(now.plusMillis(500));
    DispatchQueue slow =
        DispatchQueue.open(session, queue.settings(), ThreeRouteQueue.movableClock(slowClock));
    OutgoingMessage late = message("route-late", now);
    slow.writer().enqueue(List.of(late)).toCompletableFuture().join();
    assertThat(drain(reader)).as("the first pass is already past it").isEmpty();

    NOW.set(now.plus(queue.settings().lookback()).plusSeconds(3));
    List<QueuedMessage> swept = drain(reader);
    assertThat(swept).extracting(QueuedMessage::messageId).containsExactly(late.messageId());
    NOW.set(NOW.get().plusSeconds(30));
    assertThat(drain(reader)).as("never twice").isEmpty();
  }

  /** Reads a shard as a holder would, resolving everything it returns; commits what it may. */
  private static List<QueuedMessage> drainAndCommit(ShardReader reader, CommitTracker tracker) {
    List<QueuedMessage> read = drain(reader);
    read.forEach(m -> {
      tracker.read(m.position());
      tracker.resolve(m.position());
    });
    tracker
        .advance(reader.swept())
        .ifPresent(a -> reader.commit(a.position(), a.count()).toCompletableFuture().join());
    return read;
  }

  @Test
  void aRowLandingLateIsReadByTheNextHolderWhenTheShardChangesHandsBeforeTheSweepCame() {
    queue.registerRoute("route-late-takeover", 1);
    NOW.set(NOW.get().plus(Duration.ofHours(4)));
    Instant now = NOW.get();
    OutgoingMessage onTime = message("route-late-takeover", now.plusSeconds(1));
    queue.writer().enqueue(List.of(onTime)).toCompletableFuture().join();
    NOW.set(now.plusSeconds(2));
    ShardReader first = queue.reader("route-late-takeover", 0);
    CommitTracker tracker = new CommitTracker();
    assertThat(drainAndCommit(first, tracker))
        .extracting(QueuedMessage::messageId)
        .containsExactly(onTime.messageId());

    // A page write in flight when Cassandra went down lands behind the first pass.
    AtomicReference<Instant> slowClock = new AtomicReference<>(now.plusMillis(500));
    DispatchQueue slow =
        DispatchQueue.open(session, queue.settings(), ThreeRouteQueue.movableClock(slowClock));
    OutgoingMessage late = message("route-late-takeover", now);
    slow.writer().enqueue(List.of(late)).toCompletableFuture().join();
    NOW.set(now.plusSeconds(5));
    assertThat(drainAndCommit(first, tracker)).as("the first pass is past it").isEmpty();

    // The holder loses the shard before its sweep came by: the next one reads the late row.
    ShardReader next = queue.reader("route-late-takeover", 0);
    assertThat(drain(next)).extracting(QueuedMessage::messageId).contains(late.messageId());

    // Had the holder kept it, its sweep finds the row, and then the cursor passes both.
    NOW.set(now.plus(queue.settings().lookback()).plusSeconds(3));
    assertThat(drainAndCommit(first, tracker))
        .extracting(QueuedMessage::messageId)
        .containsExactly(late.messageId());
    assertThat(drain(queue.reader("route-late-takeover", 0))).isEmpty();
  }

  @Test
  void aHolderGivingItsShardUpSweepsAtOnceSoThatItsLastCommitReachesWhereItRead() {
    queueOnOneShard("route-hand-over", 3);
    ShardReader holder = queue.reader("route-hand-over", 0);
    CommitTracker tracker = new CommitTracker();
    assertThat(drainAndCommit(holder, tracker)).hasSize(3);
    assertThat(tracker.advance(holder.swept())).as("all resolved, not yet swept").isEmpty();

    assertThat(holder.catchUp()).isTrue();
    CommitTracker.Advance last = tracker.advance(holder.swept()).orElseThrow();
    assertThat(last.count()).isEqualTo(3);
    holder.commit(last.position(), last.count()).toCompletableFuture().join();
    assertThat(drain(queue.reader("route-hand-over", 0))).as("nothing read again").isEmpty();
  }

  @Test
  void theShardCountOfARouteCannotChange() {
    assertThatThrownBy(() -> queue.registerRoute("route-a", 8))
        .hasMessageContaining("already has 4 shards");
    assertThatThrownBy(() -> queue.shards("nowhere")).hasMessageContaining("unknown route");
  }
}
