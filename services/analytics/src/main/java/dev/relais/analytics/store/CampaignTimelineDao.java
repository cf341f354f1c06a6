package dev.relais.analytics.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.relais.analytics.events.EventSlot;
import dev.relais.analytics.events.EventTypeColumn;
import dev.relais.analytics.events.TimelineTally;
import dev.relais.proto.analytics.v1.CampaignTimeline;
import dev.relais.proto.analytics.v1.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a campaign's whole event record for its timeline: the partitions {@code
 * campaign_partitions} lists, each read once in {@code event_slots} (who won each slot) and once in
 * {@code message_events} (when each event occurred), both paged by the driver.
 */
public final class CampaignTimelineDao {

  private final CqlSession session;
  private final PreparedStatement selectPartitions;
  private final PreparedStatement selectSlots;
  private final PreparedStatement selectEvents;

  public CampaignTimelineDao(CqlSession session) {
    this.session = session;
    this.selectPartitions =
        session.prepare("SELECT bucket FROM campaign_partitions WHERE campaign_id = ?");
    this.selectSlots =
        session.prepare(
            "SELECT message_id, slot, type FROM event_slots WHERE campaign_id = ? AND bucket = ?");
    this.selectEvents =
        session.prepare(
            "SELECT message_id, type, occurred_at, error_code FROM message_events"
                + " WHERE campaign_id = ? AND bucket = ?");
  }

  /** The campaign's timeline in buckets of {@code bucket}; empty for a campaign never recorded. */
  public CampaignTimeline read(String campaignId, Duration bucket) {
    TimelineTally tally = new TimelineTally(campaignId, bucket);
    for (Row partition : session.execute(quorum(selectPartitions.bind(campaignId)))) {
      int number = partition.getInt("bucket");
      Map<String, EventType> winners = new HashMap<>();
      for (Row slot : session.execute(quorum(selectSlots.bind(campaignId, number)))) {
        EventTypeColumn.fromColumn(slot.getString("type"))
            .ifPresent(type ->
                winners.put(slotKey(slot.getString("message_id"), slot.getString("slot")), type));
      }
      for (Row event :
          session.execute(quorum(selectEvents.bind(campaignId, number).setPageSize(5_000)))) {
        // A type this version does not know (written by a newer one) is left out, as in the counts.
        Optional<EventType> type = EventTypeColumn.fromColumn(event.getString("type"));
        Instant occurredAt = event.getInstant("occurred_at");
        if (type.isEmpty() || occurredAt == null) {
          continue;
        }
        tally.add(
            type.get(),
            occurredAt,
            event.getInt("error_code"),
            Optional.ofNullable(
                winners.get(slotKey(event.getString("message_id"), EventSlot.of(type.get())))));
      }
    }
    return tally.timeline();
  }

  private static String slotKey(String messageId, String slot) {
    return messageId + '\u0000' + slot;
  }

  private static <T extends Statement<T>> T quorum(T statement) {
    return statement.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
  }
}
