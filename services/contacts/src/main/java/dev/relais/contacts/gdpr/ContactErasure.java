package dev.relais.contacts.gdpr;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.relais.contacts.store.ContactBuckets;
import dev.relais.contacts.store.ErasedSuppressions;
import dev.relais.contacts.store.InboundTexts;
import dev.relais.contacts.store.OptOutFeed;
import dev.relais.contacts.store.OptOutLog;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Erases a number from every table of contacts (GDPR Art. 17): the contact row (attributes, lists,
 * consent state, marketing sends and their messages), its consent history, its opt-outs, its
 * opt-out feed entries and the texts it sent that no rule understood.
 *
 * <p>A number that had opted out is first added to {@link ErasedSuppressions} as a keyed hash: the
 * person objected to direct marketing (Art. 21), and honouring that objection after the erasure
 * (e.g. when a CRM export brings the number back) requires remembering it; the hash is the least
 * data that does. The suppression is written before anything is deleted, so a failure half-way
 * never leaves an opted-out number unsuppressed; the deletions then go in one logged batch (all or
 * nothing). Consent wordings are kept: they are texts shown to many people, not personal data.
 */
public final class ContactErasure {

  private final CqlSession session;
  private final ErasedSuppressions suppressions;
  private final Clock clock;
  private final PreparedStatement readState;
  private final PreparedStatement countOptOuts;
  private final PreparedStatement deleteContact;
  private final PreparedStatement deleteConsents;
  private final PreparedStatement deleteOptOuts;
  private final PreparedStatement feedEntries;
  private final PreparedStatement deleteFeedEntry;
  private final PreparedStatement countConsents;
  private final PreparedStatement lastLift;
  private final PreparedStatement deleteLifts;
  private final OptOutLog optOutLog;
  private final InboundTexts inboundTexts;

  public ContactErasure(
      CqlSession session,
      ErasedSuppressions suppressions,
      Clock clock,
      OptOutLog optOutLog,
      InboundTexts inboundTexts) {
    this.inboundTexts = inboundTexts;
    this.session = session;
    this.suppressions = suppressions;
    this.clock = clock;
    this.readState =
        prepare("SELECT opted_out_at, updated_at FROM contacts WHERE bucket = ? AND phone = ?");
    this.countOptOuts =
        prepare(
            "SELECT min(at) AS first, max(at) AS last, count(*) AS n FROM opt_outs"
                + " WHERE bucket = ? AND phone = ?");
    this.lastLift =
        prepare("SELECT max(at) AS last FROM opt_out_lifts WHERE bucket = ? AND phone = ?");
    this.deleteLifts = prepare("DELETE FROM opt_out_lifts WHERE bucket = ? AND phone = ?");
    this.countConsents =
        prepare("SELECT count(*) FROM consent_events WHERE bucket = ? AND phone = ?");
    this.deleteContact = prepare("DELETE FROM contacts WHERE bucket = ? AND phone = ?");
    this.deleteConsents = prepare("DELETE FROM consent_events WHERE bucket = ? AND phone = ?");
    this.deleteOptOuts = prepare("DELETE FROM opt_outs WHERE bucket = ? AND phone = ?");
    // Filtering inside one day partition (a few thousand rows): erasures are rare.
    this.feedEntries =
        prepare("SELECT at FROM opt_out_feed WHERE day = ? AND phone = ? ALLOW FILTERING");
    this.deleteFeedEntry =
        prepare("DELETE FROM opt_out_feed WHERE day = ? AND at = ? AND phone = ?");
    this.optOutLog = optOutLog;
  }

  /** What an erasure found and kept. */
  public record Result(boolean found, boolean suppressionKept) {}

  /** Erases {@code phone} (E.164). */
  public Result erase(String phone) {
    int bucket = ContactBuckets.of(phone);
    Row state = session.execute(readState.bind(bucket, phone)).one();
    Row optOuts = session.execute(countOptOuts.bind(bucket, phone)).one();
    long consents = session.execute(countConsents.bind(bucket, phone)).one().getLong(0);
    Instant liftedAt = session.execute(lastLift.bind(bucket, phone)).one().getInstant("last");
    // Opt-outs that a later consent lifted no longer object: only one received after it does.
    boolean hasOptOuts = optOuts != null && optOuts.getLong("n") > 0;
    boolean objecting =
        hasOptOuts && (liftedAt == null || optOuts.getInstant("last").isAfter(liftedAt));
    Instant optedOutAt = state == null ? null : state.getInstant("opted_out_at");
    if (optedOutAt == null && objecting) {
      optedOutAt = optOuts.getInstant("first");
    }
    boolean suppressed = optedOutAt != null || objecting;
    if (suppressed) {
      session.execute(suppressions.add(phone, optedOutAt));
    }
    BatchStatementBuilder deletes =
        BatchStatement.builder(DefaultBatchType.LOGGED)
            .addStatement(deleteContact.bind(bucket, phone))
            .addStatement(deleteConsents.bind(bucket, phone))
            .addStatement(deleteOptOuts.bind(bucket, phone))
            .addStatement(deleteLifts.bind(bucket, phone))
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
    List<FeedEntry> feed = feedEntries(phone);
    for (FeedEntry entry : feed) {
      deletes.addStatement(deleteFeedEntry.bind(entry.day(), entry.at(), phone));
    }
    session.execute(deletes.build());
    int logEntries = optOutLog.erase(phone);
    int texts = inboundTexts.erase(phone);
    // A row without updated_at only holds marketing sends: still data about the number.
    boolean found =
        state != null
            || hasOptOuts
            || consents > 0
            || !feed.isEmpty()
            || logEntries > 0
            || texts > 0;
    return new Result(found, suppressed);
  }

  /** The key of an opt-out feed row, without its number. */
  private record FeedEntry(LocalDate day, Instant at) {}

  /** The feed entries of {@code phone} over the feed's retention (and a day of clock skew). */
  private List<FeedEntry> feedEntries(String phone) {
    List<FeedEntry> entries = new ArrayList<>();
    LocalDate last = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1);
    LocalDate day = last.minusDays(OptOutFeed.RETENTION.toDays() + 2);
    for (; !day.isAfter(last); day = day.plusDays(1)) {
      for (Row row : session.execute(feedEntries.bind(day, phone))) {
        entries.add(new FeedEntry(day, row.getInstant("at")));
      }
    }
    return entries;
  }

  private PreparedStatement prepare(String cql) {
    return session.prepare(
        SimpleStatement.newInstance(cql).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }
}
