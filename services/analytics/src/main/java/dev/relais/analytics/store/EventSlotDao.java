package dev.relais.analytics.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.analytics.events.EventBatch;
import dev.relais.analytics.events.EventSlot;
import dev.relais.analytics.events.EventTypeColumn;
import dev.relais.proto.analytics.v1.MessageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The first-recording-wins slots of {@code event_slots} (see {@link EventSlot}): a batch writes its
 * claims with a write timestamp that decreases with time, so the earliest recording of a slot is
 * the one Cassandra keeps, then reads the slots back to learn which of its events it may count.
 *
 * <p>Costs per batch: one row per event, riding in the same single-partition batches as the event
 * rows ({@link EventPartition}), and one read per partition and {@value #MAX_KEYS_PER_READ}
 * messages, instead of a lightweight transaction per event. Two recordings of one slot racing
 * within the clock skew between analytics replicas could both count; dispatch only records a
 * message's events again after a crash or a timeout, seconds later.
 *
 * <p>Known gap: a batch that wrote its slots but failed before counting keeps them, and is counted
 * only when its sender retries it (dispatch retries until acknowledged). If the sender dies before
 * that, a later batch carrying the same events finds the slots taken and counts nothing for them.
 */
public final class EventSlotDao {

  /** Write timestamps count down from here: later recordings carry smaller ones and lose. */
  static final long FIRST_WINS_BASE = 1L << 62;

  static final int MAX_KEYS_PER_READ = 100;

  private final CqlSession session;
  private final PreparedStatement insert;
  private final PreparedStatement select;

  public EventSlotDao(CqlSession session) {
    this.session = session;
    this.insert =
        session.prepare(
            "INSERT INTO event_slots (campaign_id, bucket, message_id, slot, type, batch_id)"
                + " VALUES (?, ?, ?, ?, ?, ?) USING TIMESTAMP ?");
    this.select =
        session.prepare(
            "SELECT message_id, slot, type, batch_id FROM event_slots"
                + " WHERE campaign_id = ? AND bucket = ? AND message_id IN ?");
  }

  /** The write timestamp of a recording made at {@code at}: smaller for later recordings. */
  static long firstWinsTimestamp(Instant at) {
    long micros =
        TimeUnit.SECONDS.toMicros(at.getEpochSecond())
            + TimeUnit.NANOSECONDS.toMicros(at.getNano());
    return FIRST_WINS_BASE - micros;
  }

  /**
   * This batch's slot claims, by partition, to be written with the batch's event rows ({@link
   * MessageEventDao#insertAll}); each row carries its own first-wins write timestamp.
   */
  public Map<EventPartition, List<BatchableStatement<?>>> claimRows(
      EventBatch batch, String batchId, Instant recordedAt) {
    long timestamp = firstWinsTimestamp(recordedAt);
    Map<EventPartition, List<BatchableStatement<?>>> byPartition = new LinkedHashMap<>();
    for (MessageEvent event : batch.slotClaims()) {
      EventPartition partition = EventPartition.of(event);
      byPartition
          .computeIfAbsent(partition, p -> new ArrayList<>())
          .add(
              insert.bind(
                  event.getCampaignId(),
                  partition.bucket(),
                  event.getMessageId(),
                  EventSlot.of(event.getType()),
                  EventTypeColumn.toColumn(event.getType()),
                  batchId,
                  timestamp));
    }
    return byPartition;
  }

  /** Reads back who owns the slots of these claims (events of one batch). */
  public CompletionStage<Map<EventSlot.Key, EventSlot.Winner>> winners(List<MessageEvent> claims) {
    Map<EventPartition, List<String>> byPartition = new LinkedHashMap<>();
    for (MessageEvent event : claims) {
      List<String> ids =
          byPartition.computeIfAbsent(EventPartition.of(event), p -> new ArrayList<>());
      if (!ids.contains(event.getMessageId())) {
        ids.add(event.getMessageId());
      }
    }
    Map<EventSlot.Key, EventSlot.Winner> winners = new ConcurrentHashMap<>();
    List<CompletableFuture<?>> reads = new ArrayList<>();
    byPartition.forEach((partition, ids) -> {
      for (int from = 0; from < ids.size(); from += MAX_KEYS_PER_READ) {
        List<String> chunk =
            List.copyOf(ids.subList(from, Math.min(ids.size(), from + MAX_KEYS_PER_READ)));
        reads.add(
            session
                .executeAsync(
                    select
                        .bind(partition.campaignId(), partition.bucket(), chunk)
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
                .thenCompose(page -> collect(page, partition.campaignId(), winners))
                .toCompletableFuture());
      }
    });
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(done -> winners);
  }

  private static CompletionStage<Void> collect(
      AsyncResultSet page, String campaignId, Map<EventSlot.Key, EventSlot.Winner> winners) {
    for (Row row : page.currentPage()) {
      winners.put(
          new EventSlot.Key(campaignId, row.getString("message_id"), row.getString("slot")),
          new EventSlot.Winner(row.getString("batch_id"), row.getString("type")));
    }
    if (page.hasMorePages()) {
      return page.fetchNextPage().thenCompose(next -> collect(next, campaignId, winners));
    }
    return CompletableFuture.completedFuture(null);
  }
}
