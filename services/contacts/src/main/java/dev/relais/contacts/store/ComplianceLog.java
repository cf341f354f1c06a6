package dev.relais.contacts.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The append-only evidence kept next to the contacts: consent events with the wording shown, and
 * every opt-out received. Nothing here is ever updated in place.
 */
public final class ComplianceLog {

  /** Purpose recorded for consents collected through a contacts import. */
  public static final String MARKETING = "marketing";

  private final CqlSession session;
  private final PreparedStatement consentEvent;
  private final PreparedStatement wording;
  private final PreparedStatement optOut;
  private final PreparedStatement optOutFeed;
  private final PreparedStatement consentHistory;
  private final OptOutLog optOutLog;

  private final Clock clock;

  public ComplianceLog(CqlSession session) {
    this(session, Clock.systemUTC(), new OptOutLog(session));
  }

  /**
   * @param clock stamps the opt-out feed; the same clock as the {@link OptOutFeed} that reads it
   * @param optOutLog the opt-out log dispatchers follow, shared with the feed and erasure
   */
  public ComplianceLog(CqlSession session, Clock clock, OptOutLog optOutLog) {
    this.session = session;
    this.clock = clock;
    this.consentEvent =
        prepare(
            "INSERT INTO consent_events (bucket, phone, at, event_id, purpose, granted, source,"
                + " wording_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.wording = prepare("INSERT INTO consent_wordings (wording_id, wording) VALUES (?, ?)");
    this.optOut = prepare("INSERT INTO opt_outs (bucket, phone, at, source) VALUES (?, ?, ?, ?)");
    this.optOutFeed = prepare("INSERT INTO opt_out_feed (day, at, phone) VALUES (?, ?, ?)");
    this.optOutLog = optOutLog;
    this.consentHistory =
        prepare(
            "SELECT at, purpose, granted, source, wording_id FROM consent_events"
                + " WHERE bucket = ? AND phone = ?");
  }

  /** One consent event as stored. */
  public record ConsentEvent(
      Instant at, String purpose, boolean granted, String source, String wordingId) {}

  /**
   * Stores a consent wording (idempotently) and returns its id, the first 16 hex digits of its
   * SHA-256; null for an empty wording.
   */
  public String saveWording(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String id = wordingId(text);
    session.execute(wording.bind(id, text));
    return id;
  }

  /** A marketing consent granted at {@code at}, as collected by {@code source}. */
  public BoundStatement consentGranted(
      String phone, Instant at, String source, String wordingId, Instant recordedAt) {
    return consentEvent.bind(
        ContactBuckets.of(phone),
        phone,
        at,
        Uuids.timeBased(),
        MARKETING,
        true,
        source,
        wordingId,
        recordedAt);
  }

  /**
   * A marketing consent withdrawn at {@code at} (a contacts file saying "non" for a contact who
   * consented), as reported by {@code source}. Not an opt-out: that is a separate suppression.
   */
  public BoundStatement consentWithdrawn(
      String phone, Instant at, String source, Instant recordedAt) {
    return consentEvent.bind(
        ContactBuckets.of(phone),
        phone,
        at,
        Uuids.timeBased(),
        MARKETING,
        false,
        source,
        null,
        recordedAt);
  }

  /** An opt-out received at {@code at} through {@code source} (API, KEYWORD, IMPORT). */
  public BoundStatement optOut(String phone, Instant at, String source) {
    return optOut.bind(ContactBuckets.of(phone), phone, at, source);
  }

  /**
   * The same opt-out in the feed dispatchers poll ({@link OptOutFeed}), stamped with the time
   * contacts records it (not the time the person sent STOP) so that the feed is read in the order
   * it is written.
   */
  public BoundStatement optOutFeedEntry(String phone) {
    Instant recordedAt = clock.instant();
    return optOutFeed.bind(OptOutFeed.day(recordedAt), recordedAt, phone);
  }

  /**
   * Appends {@code phones} to the opt-out log that dispatchers follow, before their suppression is
   * written: a failure in between leaves a number suppressed by dispatch, never one missed.
   */
  public CompletionStage<Long> optOutLogEntry(Collection<String> phones) {
    return optOutLog.append(phones, clock.instant());
  }

  /** The consent history of one number, newest first. */
  public List<ConsentEvent> consentHistory(String phone) {
    List<ConsentEvent> events = new ArrayList<>();
    for (Row row : session.execute(consentHistory.bind(ContactBuckets.of(phone), phone))) {
      events.add(
          new ConsentEvent(
              row.getInstant("at"),
              row.getString("purpose"),
              row.getBoolean("granted"),
              row.getString("source"),
              row.getString("wording_id")));
    }
    return events;
  }

  static String wordingId(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private PreparedStatement prepare(String cql) {
    return session.prepare(
        SimpleStatement.newInstance(cql).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }
}
