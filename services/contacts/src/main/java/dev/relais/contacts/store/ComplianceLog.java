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
  private final PreparedStatement consentEventWithProof;
  private final PreparedStatement optOutLift;
  private final PreparedStatement liftFeed;
  private final PreparedStatement liftHistory;
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
            "SELECT at, purpose, granted, source, wording_id, proof FROM consent_events"
                + " WHERE bucket = ? AND phone = ?");
    this.consentEventWithProof =
        prepare(
            "INSERT INTO consent_events (bucket, phone, at, event_id, purpose, granted, source,"
                + " wording_id, proof, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    this.optOutLift =
        prepare(
            "INSERT INTO opt_out_lifts (bucket, phone, at, source, opted_out_at)"
                + " VALUES (?, ?, ?, ?, ?)");
    this.liftFeed =
        prepare("INSERT INTO opt_out_feed (day, at, phone, lifted) VALUES (?, ?, ?, true)");
    this.liftHistory =
        prepare(
            "SELECT at, source, opted_out_at FROM opt_out_lifts WHERE bucket = ? AND phone = ?");
  }

  /** One consent event as stored; {@code proof} is null unless the caller gave a reference. */
  public record ConsentEvent(
      Instant at, String purpose, boolean granted, String source, String wordingId, String proof) {}

  /** One opt-out lifted: when, how, and the opt-out that stopped applying. */
  public record OptOutLift(Instant at, String source, Instant optedOutAt) {}

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
   * A marketing consent granted at {@code at} with the caller's reference to its proof, as given to
   * lift an opt-out through the API.
   */
  public BoundStatement consentGranted(
      String phone, Instant at, String source, String wordingId, String proof, Instant recordedAt) {
    return consentEventWithProof.bind(
        ContactBuckets.of(phone),
        phone,
        at,
        Uuids.timeBased(),
        MARKETING,
        true,
        source,
        wordingId,
        proof,
        recordedAt);
  }

  /** The opt-out of {@code phone} in force since {@code optedOutAt}, lifted at {@code at}. */
  public BoundStatement optOutLifted(String phone, Instant at, String source, Instant optedOutAt) {
    return optOutLift.bind(ContactBuckets.of(phone), phone, at, source, optedOutAt);
  }

  /**
   * The lifting in the feed dispatchers load by time, after the opt-out it ends (stamped, like an
   * opt-out, with the time contacts records it).
   */
  public BoundStatement liftFeedEntry(String phone) {
    Instant recordedAt = clock.instant();
    return liftFeed.bind(OptOutFeed.day(recordedAt), recordedAt, phone);
  }

  /**
   * Appends the lifting of {@code phone}'s opt-out to the log dispatchers follow. Written after the
   * contact: a failure in between leaves dispatch suppressing a number that consented again (until
   * the feed window passes), never sending to one still opted out.
   */
  public CompletionStage<Long> liftLogEntry(String phone) {
    return optOutLog.appendLifted(List.of(phone), clock.instant());
  }

  /** The opt-outs of one number that were lifted, newest first. */
  public List<OptOutLift> liftHistory(String phone) {
    List<OptOutLift> lifts = new ArrayList<>();
    for (Row row : session.execute(liftHistory.bind(ContactBuckets.of(phone), phone))) {
      lifts.add(
          new OptOutLift(
              row.getInstant("at"), row.getString("source"), row.getInstant("opted_out_at")));
    }
    return lifts;
  }

  /** The time this log stamps records with: the platform's clock. */
  public Instant now() {
    return clock.instant();
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
    return optOutLogEntry(phones, null);
  }

  /**
   * {@link #optOutLogEntry(Collection)} for an opt-out recorded in a trace: the dispatchers that
   * apply it read {@code traceparent} (null for none) with the entry.
   */
  public CompletionStage<Long> optOutLogEntry(Collection<String> phones, String traceparent) {
    return optOutLog.append(phones, clock.instant(), traceparent);
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
              row.getString("wording_id"),
              row.getString("proof")));
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
