package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
                + " sender, body, not_before, expires_at, variant, marketing, parts)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insertBucket =
        session.prepare("INSERT INTO " + ks + ".buckets (route, shard, bucket) VALUES (?, ?, ?)");
    countEnqueued =
        session.prepare(
            "UPDATE " + ks + ".depth SET enqueued = enqueued + ? WHERE route = ? AND shard = ?");
  }

  /** Partition key of the messages table. */
  private record Partition(String route, int shard, long bucket) {}

  private void remember(Partition partition) {
    if (indexed.size() > 100_000) {
      indexed.clear(); // old buckets are never written again; keep the set small
    }
    indexed.add(partition);
  }

  /** Shard of a message: stable, so a retried write lands in the same partition. */
  public int shardOf(OutgoingMessage message) {
    return Math.floorMod(message.messageId().hashCode(), queue.shards(message.route()));
  }

  /**
   * Enqueues messages. A message is never due before it is written: its due time is the later of
   * its {@code notBefore} and now.
   */
  public CompletionStage<Void> enqueue(List<OutgoingMessage> messages) {
    Instant now = queue.clock().instant();
    Map<Partition, List<BoundStatement>> byPartition = new LinkedHashMap<>();
    Map<Partition, Integer> countByShard = new HashMap<>();
    for (OutgoingMessage m : messages) {
      Instant due = m.notBefore().isAfter(now) ? m.notBefore() : now;
      int shard = shardOf(m);
      long bucket = queue.settings().bucketOf(due.toEpochMilli());
      Partition partition = new Partition(m.route(), shard, bucket);
      byPartition
          .computeIfAbsent(partition, p -> new ArrayList<>())
          .add(
              insertMessage.bind(
                  m.route(),
                  shard,
                  bucket,
                  TimeUuids.at(due),
                  m.messageId(),
                  m.campaignId(),
                  m.destination(),
                  m.sender(),
                  m.body(),
                  m.notBefore(),
                  m.expiresAt(),
                  m.variant(),
                  m.marketing(),
                  m.parts()));
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
}
