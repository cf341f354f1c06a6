package dev.relais.analytics.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.relais.analytics.events.EventTypeColumn;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.analytics.v1.MessageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes message events into {@code message_events}: one immutable row per (campaign, message,
 * type), so writing an event twice leaves one row.
 *
 * <p>Rows are sent as unlogged batches grouped by partition ({@link EventPartition}): a
 * single-partition batch is one mutation on one replica set, cheaper than as many separate writes
 * and without the batchlog cost that a multi-partition batch would carry. All partitions are
 * written in parallel.
 *
 * <p>The first time this process writes to a partition, it also notes the partition in {@code
 * campaign_partitions} (a few rows per campaign: one per bucket), so that the campaign's whole
 * record can be read without scanning the table.
 */
public final class MessageEventDao {

  /**
   * Statements per batch (event rows and slot claims together); keeps batches under Cassandra's
   * batch size warning threshold (5 KiB).
   */
  static final int MAX_ROWS_PER_BATCH = 32;

  /** Partitions this process has noted; bounded, since forgetting one only costs a rewrite. */
  static final int MAX_NOTED_PARTITIONS = 100_000;

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement notePartition;
  private final Set<EventPartition> noted = ConcurrentHashMap.newKeySet();

  public MessageEventDao(CqlSession session) {
    this.session = session;
    this.notePartition =
        session.prepare(
            SimpleStatement.newInstance(
                    "INSERT INTO campaign_partitions (campaign_id, bucket) VALUES (?, ?)")
                .setIdempotent(true));
    this.insert =
        session.prepare(
            SimpleStatement.newInstance(
                    "INSERT INTO message_events (campaign_id, bucket, message_id, type,"
                        + " occurred_at, route, smsc_message_id, error_code, variant, parts)"
                        + " VALUES (:campaign_id, :bucket, :message_id, :type, :occurred_at,"
                        + " :route, :smsc_message_id, :error_code, :variant, :parts)")
                .setIdempotent(true));
  }

  /**
   * Writes all events, with {@code companions} (rows of other tables keyed by the same partitions,
   * such as slot claims) in the same single-partition batches; completes when every row is durable
   * (LOCAL_QUORUM). Events without {@code occurred_at} are stamped with {@code receivedAt}.
   */
  public CompletionStage<Void> insertAll(
      List<MessageEvent> events,
      Instant receivedAt,
      Map<EventPartition, List<BatchableStatement<?>>> companions) {
    Map<EventPartition, List<BatchableStatement<?>>> byPartition = new LinkedHashMap<>();
    for (MessageEvent event : events) {
      EventPartition partition = EventPartition.of(event);
      byPartition
          .computeIfAbsent(partition, p -> new ArrayList<>())
          .add(bind(event, partition.bucket(), receivedAt));
    }
    companions.forEach((partition, rows) ->
        byPartition.computeIfAbsent(partition, p -> new ArrayList<>()).addAll(rows));
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (EventPartition partition : byPartition.keySet()) {
      if (!noted.contains(partition)) {
        writes.add(
            session
                .executeAsync(
                    notePartition
                        .bind(partition.campaignId(), partition.bucket())
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
                .toCompletableFuture()
                .thenRun(() -> remember(partition)));
      }
    }
    for (List<BatchableStatement<?>> rows : byPartition.values()) {
      for (int from = 0; from < rows.size(); from += MAX_ROWS_PER_BATCH) {
        List<BatchableStatement<?>> chunk =
            rows.subList(from, Math.min(rows.size(), from + MAX_ROWS_PER_BATCH));
        Statement<?> write =
            chunk.size() == 1
                ? chunk.get(0)
                : BatchStatement.newInstance(BatchType.UNLOGGED, chunk).setIdempotent(true);
        writes.add(
            session
                .executeAsync(write.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
                .toCompletableFuture());
      }
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  private void remember(EventPartition partition) {
    if (noted.size() >= MAX_NOTED_PARTITIONS) {
      noted.clear();
    }
    noted.add(partition);
  }

  private BoundStatement bind(MessageEvent event, int bucket, Instant receivedAt) {
    Instant occurredAt =
        event.hasOccurredAt() ? ProtoTime.instant(event.getOccurredAt()) : receivedAt;
    // Optional fields absent from the event stay unset rather than null: a null would write a
    // tombstone per column per event.
    BoundStatementBuilder row =
        insert
            .boundStatementBuilder()
            .setString("campaign_id", event.getCampaignId())
            .setInt("bucket", bucket)
            .setString("message_id", event.getMessageId())
            .setString("type", EventTypeColumn.toColumn(event.getType()))
            .setInstant("occurred_at", occurredAt);
    if (!event.getRoute().isEmpty()) {
      row.setString("route", event.getRoute());
    }
    if (!event.getSmscMessageId().isEmpty()) {
      row.setString("smsc_message_id", event.getSmscMessageId());
    }
    if (event.getErrorCode() != 0) {
      row.setInt("error_code", event.getErrorCode());
    }
    if (!event.getVariant().isEmpty()) {
      row.setString("variant", event.getVariant());
    }
    if (event.getParts() > 0) {
      row.setInt("parts", event.getParts());
    }
    return row.build();
  }
}
