package dev.relais.contacts.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the opt-out feed (table {@code opt_out_feed}): the opt-outs recorded since a time, oldest
 * first, one day partition after the other, so a dispatcher can suppress messages it has queued.
 */
public final class OptOutFeed {

  /** How long feed rows live (the table's TTL): longer than any queued message (14 days). */
  public static final Duration RETENTION = Duration.ofDays(30);

  /**
   * Days read past today's: a replica whose clock runs ahead may have written "tomorrow" already.
   */
  private static final int DAYS_AHEAD = 1;

  private final CqlSession session;
  private final Clock clock;
  private final PreparedStatement from;
  private final PreparedStatement after;
  private final OptOutLog log;

  public OptOutFeed(CqlSession session, Clock clock, OptOutLog log) {
    this.session = session;
    this.clock = clock;
    this.log = log;
    this.from =
        prepare("SELECT at, phone, lifted FROM opt_out_feed WHERE day = ? AND at >= ? LIMIT ?");
    this.after =
        prepare(
            "SELECT at, phone, lifted FROM opt_out_feed WHERE day = ? AND (at, phone) > (?, ?)"
                + " LIMIT ?");
  }

  /**
   * One recorded opt-out, or the lifting of one when {@code lifted}; {@code traceparent} is the
   * trace of its recording when it was traced and read from the log, else null.
   */
  public record Entry(String phone, Instant at, boolean lifted, String traceparent) {}

  /**
   * A page of entries, where the next one starts (null at the end of the feed), and when it was
   * read.
   */
  public record Page(List<Entry> entries, Position next, Instant readAt) {}

  /** The last entry of a page, as an opaque page token for clients. */
  public record Position(Instant at, String phone) {

    private static final String VERSION = "1";

    public String encode() {
      String raw = VERSION + "|" + at.toEpochMilli() + "|" + phone;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a client's token.
     *
     * @throws IllegalArgumentException when the token was not issued by {@link #encode}
     */
    public static Position decode(String token) {
      try {
        String[] fields =
            new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
                .split("\\|", 3);
        if (fields.length != 3 || !fields[0].equals(VERSION) || fields[2].isEmpty()) {
          throw new IllegalArgumentException("bad token");
        }
        return new Position(Instant.ofEpochMilli(Long.parseLong(fields[1])), fields[2]);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("page_token is not a token returned by ListOptOuts");
      }
    }
  }

  /**
   * A page of the opt-out log: the opt-outs after a position, the position of the last one read,
   * and whether more may follow.
   */
  public record LogPage(List<Entry> entries, long position, boolean more) {}

  /** The opt-out log's last position: read it before a read by time, to continue from it. */
  public long logPosition() {
    return log.position();
  }

  /** Up to {@code limit} log entries after {@code position}, each opt-out as an entry. */
  public LogPage readLog(long position, int limit) {
    List<OptOutLog.Entry> read = log.readAfter(position, limit);
    List<Entry> entries = new ArrayList<>();
    for (OptOutLog.Entry entry : read) {
      for (String phone : entry.phones()) {
        entries.add(new Entry(phone, entry.at(), entry.lifted(), entry.traceparent()));
      }
    }
    long reached = read.isEmpty() ? position : read.get(read.size() - 1).position();
    return new LogPage(entries, reached, read.size() == limit);
  }

  /** The UTC day that holds an entry recorded at {@code at}. */
  static LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC);
  }

  /**
   * Up to {@code limit} opt-outs recorded at or after {@code since} (clamped to the retention
   * window), continuing after {@code position} when it is not null.
   */
  public Page read(Instant since, Position position, int limit) {
    Instant now = clock.instant();
    Instant oldest = now.minus(RETENTION);
    Instant start = since == null || since.isBefore(oldest) ? oldest : since;
    if (position != null && position.at().isAfter(start)) {
      start = position.at();
    }
    List<Entry> entries = new ArrayList<>();
    LocalDate last = day(now).plusDays(DAYS_AHEAD);
    for (LocalDate day = day(start); !day.isAfter(last) && entries.size() < limit; ) {
      int wanted = limit - entries.size();
      boolean continuing = position != null && day.equals(day(position.at()));
      var statement =
          continuing
              ? after.bind(day, position.at(), position.phone(), wanted)
              : from.bind(day, start, wanted);
      for (Row row : session.execute(statement)) {
        entries.add(
            new Entry(
                row.getString("phone"),
                row.getInstant("at"),
                !row.isNull("lifted") && row.getBoolean("lifted"),
                null));
      }
      if (entries.size() < limit) {
        day = day.plusDays(1);
      }
    }
    Position next = null;
    if (entries.size() == limit) {
      Entry end = entries.get(entries.size() - 1);
      next = new Position(end.at(), end.phone());
    }
    return new Page(entries, next, now);
  }

  private PreparedStatement prepare(String cql) {
    return session.prepare(
        SimpleStatement.newInstance(cql).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }
}
