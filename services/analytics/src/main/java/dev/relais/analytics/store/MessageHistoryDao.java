package dev.relais.analytics.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.analytics.events.EventTypeColumn;
import dev.relais.analytics.events.MessageBuckets;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads one message's rows of {@code message_events}. The message's partition is its campaign and
 * the bucket its id determines ({@link MessageBuckets}), and its rows cluster under its id: one
 * single-partition slice, however large the campaign.
 */
public final class MessageHistoryDao {

  /** Earliest first; events of one instant in the order of their type (queued, submitted, ...). */
  static final Comparator<MessageEvent> LIFE_ORDER =
      Comparator.comparingLong((MessageEvent e) -> e.getOccurredAt().getSeconds())
          .thenComparingInt(e -> e.getOccurredAt().getNanos())
          .thenComparingInt(e -> e.getType().getNumber());

  private final CqlSession session;
  private final PreparedStatement select;

  public MessageHistoryDao(CqlSession session) {
    this.session = session;
    this.select =
        session.prepare(
            "SELECT type, occurred_at, route, smsc_message_id, error_code, variant, parts"
                + " FROM message_events"
                + " WHERE campaign_id = ? AND bucket = ? AND message_id = ?");
  }

  /**
   * The events of {@code messageId} in {@code campaignId}, in {@link #LIFE_ORDER}. Rows of a type
   * this version does not know (written by a newer one) are left out.
   */
  public List<MessageEvent> events(String campaignId, String messageId) {
    List<MessageEvent> events = new ArrayList<>();
    for (Row row :
        session.execute(
            select
                .bind(campaignId, MessageBuckets.bucketOf(messageId), messageId)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      Optional<EventType> type = EventTypeColumn.fromColumn(row.getString("type"));
      if (type.isEmpty()) {
        continue;
      }
      MessageEvent.Builder event =
          MessageEvent.newBuilder()
              .setCampaignId(campaignId)
              .setMessageId(messageId)
              .setType(type.get());
      Instant at = row.getInstant("occurred_at");
      if (at != null) {
        event.setOccurredAt(ProtoTime.timestamp(at));
      }
      event.setRoute(orEmpty(row.getString("route")));
      event.setSmscMessageId(orEmpty(row.getString("smsc_message_id")));
      event.setVariant(orEmpty(row.getString("variant")));
      // Unset int columns read as 0, which is also what the event carried when they were unset.
      event.setErrorCode(row.getInt("error_code"));
      event.setParts(row.getInt("parts"));
      events.add(event.build());
    }
    events.sort(LIFE_ORDER);
    return events;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
