package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes rendered messages into the queue: one unlogged batch per partition, the bucket index, and
 * the depth counters. The returned stage completes only when every row is durable, so a caller
 * acknowledges nothing that could still be lost.
 */
public final class QueueWriter {

  /** Unlogged batches stay small: they only save round trips within one partition. */
  private static final int MAX_BATCH = 50;

  private final DispatchQueue queue;
  private final PreparedStatement insertMessage;
  private final PreparedStatement insertBucket;
  private final PreparedStatement countEnqueued;
  private final PreparedStatement selectMoved;
  private final PreparedStatement selectQueued;

  /** Bucket index rows already written by this writer; they are idempotent, so a miss is fine. */
  private final Set<Partition> indexed = ConcurrentHashMap.newKeySet();

  QueueWriter(DispatchQueue queue) {
    this.queue = queue;
    CqlSession session = queue.session();
    String ks = queue.settings().keyspace();
    insertMessage =
        session.prepare(
            "INSERT INTO "
                + ks
                + ".messages (route, shard, bucket, seq, message_id, campaign_id, destination,"
                + " sender, body, not_before, expires_at, variant, marketing, parts, trace)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insertBucket =
        session.prepare("INSERT INTO " + ks + ".buckets (route, shard, bucket) VALUES (?, ?, ?)");
    countEnqueued =
        session.prepare(
            "UPDATE " + ks + ".depth SET enqueued = enqueued + ? WHERE route = ? AND shard = ?");
    selectMoved =
        session.prepare(
            "SELECT message_id FROM "
                + ks
                + ".messages WHERE route = ? AND shard = ? AND bucket = ? AND seq = ?");
    selectQueued =
        session.prepare(
            "SELECT message_id FROM "
                + ks
                + ".messages WHERE route = ? AND shard = ? AND bucket = ? AND seq IN ?");
  }

  /**
   * Sets the trace column of a sampled message; an unsampled one leaves it unset, which writes no
   * cell at all (binding null would write a tombstone).
   */
  private static BoundStatement traced(BoundStatement row, String trace) {
    return trace == null ? row : row.setString("trace", trace);
  }

  /** Partition key of the messages table. */
  private record Partition(String route, int shard, long bucket) {}

  private void remember(Partition partition) {
    if (indexed.size() > 100_000) {
      indexed.clear(); // old buckets are never written again; keep the set small
    }
    indexed.add(partition);
  }

  /**
   * Shard of a message: stable, so a retried write lands in the same partition. The id's bits are
   * mixed first: time-based ids composed one per millisecond differ only in bits that {@link
   * UUID#hashCode()} would fold into the same few shards.
   */
  public int shardOf(OutgoingMessage message) {
    return Math.floorMod(mix(message.messageId()), queue.shards(message.route()));
  }

  /** The 64-bit finaliser of MurmurHash3 over both halves of the id. */
  static int mix(UUID id) {
    long h = id.getMostSignificantBits() ^ Long.rotateLeft(id.getLeastSignificantBits(), 32);
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb93fe53ec5a9L;
    h ^= h >>> 33;
    return (int) h;
  }

  /** Enqueues messages due from now on: {@link #enqueue(List, Instant)} with the current time. */
  public CompletionStage<Void> enqueue(List<OutgoingMessage> messages) {
    return enqueue(messages, queue.clock().instant());
  }

  /**
   * Enqueues messages at positions that depend only on each message and {@code floor}: a message is
   * due at the later of its {@code notBefore} and {@code floor}, and its seq is derived from its id
   * and that due time ({@link MovePositions#seq}). Writing the same messages again with the same
   * floor rewrites the same rows instead of queueing copies, and {@link #queuedAt} finds them.
   *
   * <p>{@code floor} is a time no earlier than shortly before the write starts, better a little
   * after the write will be durable: a message due before it is written may land behind a reader
   * already past it, which then finds it only by its sweep, a lookback later.
   */
  public CompletionStage<Void> enqueue(List<OutgoingMessage> messages, Instant floor) {
    Map<Partition, List<BoundStatement>> byPartition = new LinkedHashMap<>();
    Map<Partition, Integer> countByShard = new HashMap<>();
    for (OutgoingMessage m : messages) {
      Instant due = m.notBefore().isAfter(floor) ? m.notBefore() : floor;
      int shard = shardOf(m);
      long bucket = queue.settings().bucketOf(due.toEpochMilli());
      Partition partition = new Partition(m.route(), shard, bucket);
      byPartition
          .computeIfAbsent(partition, p -> new ArrayList<>())
          .add(
              traced(
                  insertMessage.bind(
                      m.route(),
                      shard,
                      bucket,
                      MovePositions.seq(m.messageId(), due.toEpochMilli()),
                      m.messageId(),
                      m.campaignId(),
                      m.destination(),
                      m.sender(),
                      m.body(),
                      m.notBefore(),
                      m.expiresAt(),
                      m.variant(),
                      m.marketing(),
                      m.parts()),
                  m.trace()));
      countByShard.merge(new Partition(m.route(), shard, 0), 1, Integer::sum);
    }
    CqlSession session = queue.session();
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (Map.Entry<Partition, List<BoundStatement>> entry : byPartition.entrySet()) {
      Partition p = entry.getKey();
      List<BoundStatement> rows = entry.getValue();
      for (int from = 0; from < rows.size(); from += MAX_BATCH) {
        BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED);
        rows.subList(from, Math.min(rows.size(), from + MAX_BATCH)).forEach(batch::addStatement);
        writes.add(session.executeAsync(batch.build()).toCompletableFuture());
      }
      if (!indexed.contains(p)) {
        writes.add(
            session
                .executeAsync(insertBucket.bind(p.route(), p.shard(), p.bucket()))
                .toCompletableFuture()
                .thenRun(() -> remember(p)));
      }
    }
    CompletableFuture<Void> rowsWritten =
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    // Depth is advisory (autoscaling input): counted once the rows are durable.
    return rowsWritten.thenCompose(ignored ->
        CompletableFuture.allOf(
            countByShard.entrySet().stream()
                .map(e ->
                    session
                        .executeAsync(
                            countEnqueued.bind(
                                (long) e.getValue(), e.getKey().route(), e.getKey().shard()))
                        .toCompletableFuture())
                .toArray(CompletableFuture[]::new)));
  }

  /**
   * The ids of those {@code messages} that an earlier {@link #enqueue(List, Instant)} with this
   * {@code floor} left in the queue, so that a write interrupted by a crash is completed without
   * queueing a second copy of what it had written. One read per partition and {@value #MAX_BATCH}
   * messages; meant for the one page whose write may have been interrupted.
   */
  public CompletionStage<Set<UUID>> queuedAt(List<OutgoingMessage> messages, Instant floor) {
    Map<Partition, List<OutgoingMessage>> byPartition = new LinkedHashMap<>();
    for (OutgoingMessage m : messages) {
      Instant due = m.notBefore().isAfter(floor) ? m.notBefore() : floor;
      long bucket = queue.settings().bucketOf(due.toEpochMilli());
      byPartition
          .computeIfAbsent(new Partition(m.route(), shardOf(m), bucket), p -> new ArrayList<>())
          .add(m);
    }
    CqlSession session = queue.session();
    Set<UUID> found = ConcurrentHashMap.newKeySet();
    List<CompletableFuture<?>> reads = new ArrayList<>();
    byPartition.forEach((p, inPartition) -> {
      for (int from = 0; from < inPartition.size(); from += MAX_BATCH) {
        List<UUID> seqs = new ArrayList<>();
        for (OutgoingMessage m :
            inPartition.subList(from, Math.min(inPartition.size(), from + MAX_BATCH))) {
          Instant due = m.notBefore().isAfter(floor) ? m.notBefore() : floor;
          seqs.add(MovePositions.seq(m.messageId(), due.toEpochMilli()));
        }
        reads.add(
            session
                .executeAsync(selectQueued.bind(p.route(), p.shard(), p.bucket(), seqs))
                .thenCompose(page -> collect(page, found))
                .toCompletableFuture());
      }
    });
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(done -> Set.copyOf(found));
  }

  private static CompletionStage<Void> collect(AsyncResultSet page, Set<UUID> found) {
    page.currentPage().forEach(row -> found.add(row.getUuid("message_id")));
    return page.hasMorePages()
        ? page.fetchNextPage().thenCompose(next -> collect(next, found))
        : CompletableFuture.completedFuture(null);
  }

  /**
   * How far back a replayed move looks for the row of an earlier move of the same message: longer
   * than a shard takes to change hands after a crash (a lease TTL and a renewal period).
   */
  static final Duration REPLAY_LOOKBACK = Duration.ofMinutes(10);

  /**
   * Moves a message read from one route into {@code toRoute}'s queue (failover), keeping its
   * message id, campaign, text, due time ({@code notBefore}) and validity; the source shard may
   * resolve it once the returned stage completes, since the new row is then durable.
   *
   * <p>The new position depends only on the message id and the move window of {@code movedAt} (see
   * {@link MovePositions}): retrying a failed write with the same {@code movedAt} rewrites the same
   * row. A message read again after an earlier holder stopped without committing ({@code replayed},
   * the shard's recovered send mark covered it) is first looked for in the windows of the last
   * {@link #REPLAY_LOOKBACK}; if an earlier move wrote it, nothing is written again.
   *
   * @return true if a row was written, false if an earlier move had already written it
   * @throws IllegalArgumentException if {@code toRoute} was never declared
   */
  public CompletionStage<Boolean> move(
      QueuedMessage message, String toRoute, Instant movedAt, boolean replayed) {
    if (message.route().equals(toRoute)) {
      throw new IllegalArgumentException("a message cannot move to its own route " + toRoute);
    }
    int shard = Math.floorMod(message.messageId().hashCode(), queue.shards(toRoute));
    long window = MovePositions.windowMillis(queue.settings().lookback());
    long due = MovePositions.dueMillis(movedAt.toEpochMilli(), window);
    CompletionStage<Boolean> movedBefore =
        replayed
            ? movedBefore(message.messageId(), toRoute, shard, due, window)
            : CompletableFuture.completedFuture(false);
    return movedBefore.thenCompose(found ->
        found
            ? CompletableFuture.completedFuture(false)
            : write(message, toRoute, shard, due).thenApply(written -> true));
  }

  /** Whether a row of this message sits at its move position of a window of the lookback. */
  private CompletionStage<Boolean> movedBefore(
      UUID messageId, String route, int shard, long latestDue, long window) {
    CqlSession session = queue.session();
    List<CompletableFuture<Boolean>> lookups = new ArrayList<>();
    for (long due = latestDue;
        due > latestDue - REPLAY_LOOKBACK.toMillis() - window;
        due -= window) {
      long bucket = queue.settings().bucketOf(due);
      lookups.add(
          session
              .executeAsync(
                  selectMoved.bind(route, shard, bucket, MovePositions.seq(messageId, due)))
              .toCompletableFuture()
              .thenApply(rows -> {
                Row row = rows.one();
                return row != null && messageId.equals(row.getUuid("message_id"));
              }));
    }
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
        .thenApply(done -> lookups.stream().anyMatch(CompletableFuture::join));
  }

  private CompletionStage<Void> write(QueuedMessage m, String route, int shard, long dueMillis) {
    CqlSession session = queue.session();
    long bucket = queue.settings().bucketOf(dueMillis);
    Partition partition = new Partition(route, shard, bucket);
    CompletableFuture<?> row =
        session
            .executeAsync(
                traced(
                    insertMessage.bind(
                        route,
                        shard,
                        bucket,
                        MovePositions.seq(m.messageId(), dueMillis),
                        m.messageId(),
                        m.campaignId(),
                        m.destination(),
                        m.sender(),
                        m.body(),
                        m.notBefore(),
                        m.expiresAt(),
                        m.variant(),
                        m.marketing(),
                        m.parts()),
                    m.trace()))
            .toCompletableFuture();
    CompletableFuture<?> index =
        indexed.contains(partition)
            ? CompletableFuture.completedFuture(null)
            : session
                .executeAsync(insertBucket.bind(route, shard, bucket))
                .toCompletableFuture()
                .thenRun(() -> remember(partition));
    // Depth is advisory: a replayed move that rewrites its row may count it twice.
    return CompletableFuture.allOf(row, index)
        .thenCompose(written ->
            session.executeAsync(countEnqueued.bind(1L, route, shard)).toCompletableFuture())
        .thenApply(counted -> null);
  }
}
