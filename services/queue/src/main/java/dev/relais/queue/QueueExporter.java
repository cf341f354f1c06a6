package dev.relais.queue;

import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads what the queue holds about some numbers (GDPR Art. 15 access): every message queued for
 * them, on every declared route and over the queue's whole retention, with its text and whether
 * dispatch has passed it. Read-only; finds exactly the rows {@link QueueEraser} would scrub.
 */
public final class QueueExporter {

  /** One queued message of a number, as handed to the person it is about. */
  public record Message(
      String destination,
      String route,
      String campaignId,
      UUID messageId,
      Instant dueAt,
      Instant expiresAt,
      String sender,
      String body,
      int parts,
      boolean unsent) {}

  /** The messages found (by due time) and how many routes were searched. */
  public record Result(List<Message> messages, int routes) {}

  /** Earliest due first, then by route, so that an export reads as a timeline. */
  static final Comparator<Message> TIMELINE =
      Comparator.comparing(Message::dueAt)
          .thenComparing(Message::route)
          .thenComparing(Message::messageId, Comparator.nullsFirst(Comparator.naturalOrder()));

  private final QueueScan scan;

  public QueueExporter(DispatchQueue queue) {
    this.scan = new QueueScan(queue);
  }

  /**
   * The messages queued for one of {@code phones} (E.164, with or without the leading '+'). Throws
   * when Cassandra fails: a partial answer would understate what is held.
   */
  public Result export(Collection<String> phones) {
    Set<String> numbers = QueueScan.keys(phones);
    if (numbers.isEmpty()) {
      return new Result(List.of(), 0);
    }
    List<Message> messages = new ArrayList<>();
    int routes = scan.scan(numbers, match -> messages.add(message(match)));
    messages.sort(TIMELINE);
    return new Result(List.copyOf(messages), routes);
  }

  /** A matched row as exported; the seq encodes when the message is due. */
  static Message message(QueueScan.Match match) {
    Row row = match.row();
    return new Message(
        row.getString("destination"),
        match.route(),
        row.getString("campaign_id"),
        row.getUuid("message_id"),
        Instant.ofEpochMilli(Uuids.unixTimestamp(row.getUuid("seq"))),
        row.getInstant("expires_at"),
        row.getString("sender"),
        row.getString("body"),
        row.isNull("parts") ? 0 : row.getInt("parts"),
        match.unsent());
  }
}
