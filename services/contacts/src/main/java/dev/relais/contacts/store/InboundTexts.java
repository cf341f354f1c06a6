package dev.relais.contacts.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Inbound texts that no rule understood (tables {@code inbound_texts}, by day, and {@code
 * inbound_texts_by_phone}): what people wrote that only a person can act on. Kept {@link
 * #RETENTION} by TTL; erased and exported with the rest of a number's data.
 */
public final class InboundTexts {

  /** How long a text is kept (the tables' TTL). */
  public static final Duration RETENTION = Duration.ofDays(30);

  /** One stored text. */
  public record Text(
      UUID id, String phone, Instant receivedAt, String route, String recipient, String body) {}

  /** A page of texts, and where the next one starts (null at the end). */
  public record Page(List<Text> texts, Position next) {}

  /** Where a listing stands: after this text of this day. */
  public record Position(LocalDate day, Instant receivedAt, UUID id) {

    /** The opaque page token. */
    public String encode() {
      return day + "/" + receivedAt.toEpochMilli() + "/" + id;
    }

    /** The position of a page token. */
    public static Position decode(String token) {
      String[] parts = token.split("/", -1);
      try {
        if (parts.length != 3) {
          throw new IllegalArgumentException("wrong shape");
        }
        return new Position(
            LocalDate.parse(parts[0]),
            Instant.ofEpochMilli(Long.parseLong(parts[1])),
            UUID.fromString(parts[2]));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("page_token is not one this service returned");
      }
    }
  }

  private final CqlSession session;
  private final Clock clock;
  private final PreparedStatement insert;
  private final PreparedStatement insertByPhone;
  private final PreparedStatement firstOfDay;
  private final PreparedStatement afterInDay;
  private final PreparedStatement byPhone;
  private final PreparedStatement readOne;
  private final PreparedStatement delete;
  private final PreparedStatement deleteByPhone;

  public InboundTexts(CqlSession session, Clock clock) {
    this.session = session;
    this.clock = clock;
    String columns = "received_at, id, phone, route, recipient, body";
    this.insert =
        prepare(
            "INSERT INTO inbound_texts (day, received_at, id, phone, route, recipient, body)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.insertByPhone =
        prepare(
            "INSERT INTO inbound_texts_by_phone (phone, received_at, id, day) VALUES (?, ?, ?, ?)");
    this.firstOfDay =
        prepare(
            "SELECT " + columns + " FROM inbound_texts WHERE day = ? AND received_at >= ? LIMIT ?");
    this.afterInDay =
        prepare(
            "SELECT "
                + columns
                + " FROM inbound_texts WHERE day = ? AND (received_at, id) > (?, ?) LIMIT ?");
    this.byPhone =
        prepare("SELECT received_at, id, day FROM inbound_texts_by_phone WHERE phone = ?");
    this.readOne =
        prepare(
            "SELECT "
                + columns
                + " FROM inbound_texts WHERE day = ? AND received_at = ? AND id = ?");
    this.delete = prepare("DELETE FROM inbound_texts WHERE day = ? AND received_at = ? AND id = ?");
    this.deleteByPhone = prepare("DELETE FROM inbound_texts_by_phone WHERE phone = ?");
  }

  /** Stores a text from {@code phone} (E.164); returns its id. */
  public UUID store(String phone, Instant receivedAt, String route, String recipient, String body) {
    UUID id = Uuids.timeBased();
    LocalDate day = day(receivedAt);
    // The key by number first: a text that can be listed can always be found for an erasure.
    session.execute(insertByPhone.bind(phone, receivedAt, id, day));
    session.execute(insert.bind(day, receivedAt, id, phone, route, recipient, body));
    return id;
  }

  /**
   * Up to {@code limit} texts received at or after {@code since} (null or older than the retention:
   * all of them), oldest first, continuing after {@code from} when given.
   */
  public Page read(Instant since, Position from, int limit) {
    Instant now = clock.instant();
    Instant oldest = now.minus(RETENTION).minus(Duration.ofDays(1));
    Instant start = since == null || since.isBefore(oldest) ? oldest : since;
    LocalDate last = day(now).plusDays(1); // a day of clock skew between senders and contacts
    LocalDate day = from == null ? day(start) : from.day();
    List<Text> texts = new ArrayList<>();
    Position cursor = from;
    for (; !day.isAfter(last) && texts.size() < limit; day = day.plusDays(1)) {
      int wanted = limit - texts.size();
      Iterable<Row> rows =
          cursor != null && cursor.day().equals(day)
              ? session.execute(afterInDay.bind(day, cursor.receivedAt(), cursor.id(), wanted))
              : session.execute(firstOfDay.bind(day, start, wanted));
      for (Row row : rows) {
        Text text = text(row);
        texts.add(text);
        cursor = new Position(day, text.receivedAt(), text.id());
      }
      if (texts.size() >= limit) {
        break;
      }
    }
    boolean more = texts.size() >= limit;
    return new Page(texts, more ? cursor : null);
  }

  /** The texts of {@code phone} (E.164), oldest first. */
  public List<Text> of(String phone) {
    List<Text> texts = new ArrayList<>();
    for (Row key : session.execute(byPhone.bind(phone))) {
      Row row =
          session
              .execute(
                  readOne.bind(
                      key.getLocalDate("day"), key.getInstant("received_at"), key.getUuid("id")))
              .one();
      if (row != null) {
        texts.add(text(row));
      }
    }
    return texts;
  }

  /** Deletes every text of {@code phone} (E.164) in one logged batch; returns how many it held. */
  public int erase(String phone) {
    BatchStatementBuilder deletes =
        BatchStatement.builder(DefaultBatchType.LOGGED)
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
    int found = 0;
    for (Row key : session.execute(byPhone.bind(phone))) {
      deletes.addStatement(
          delete.bind(key.getLocalDate("day"), key.getInstant("received_at"), key.getUuid("id")));
      found++;
    }
    deletes.addStatement(deleteByPhone.bind(phone));
    session.execute(deletes.build());
    return found;
  }

  private static Text text(Row row) {
    return new Text(
        row.getUuid("id"),
        row.getString("phone"),
        row.getInstant("received_at"),
        orEmpty(row.getString("route")),
        orEmpty(row.getString("recipient")),
        orEmpty(row.getString("body")));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  private PreparedStatement prepare(String cql) {
    return session.prepare(
        SimpleStatement.newInstance(cql).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }
}
