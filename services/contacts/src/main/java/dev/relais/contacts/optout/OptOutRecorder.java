package dev.relais.contacts.optout;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import dev.relais.contacts.store.ComplianceLog;
import dev.relais.contacts.store.ContactBuckets;
import dev.relais.contacts.store.ContactsTable;
import java.time.Instant;
import java.util.List;

/**
 * Records that a number asked for no more marketing SMS, once: the first opt-out sets the
 * suppression date, later ones only report that it was already there.
 */
public final class OptOutRecorder {

  private final CqlSession session;
  private final ContactsTable contacts;
  private final ComplianceLog log;

  public OptOutRecorder(CqlSession session, ContactsTable contacts, ComplianceLog log) {
    this.session = session;
    this.contacts = contacts;
    this.log = log;
  }

  /**
   * Opts {@code phone} (E.164) out.
   *
   * @param source API, KEYWORD or IMPORT, kept with the evidence
   * @return true when the number was already opted out (nothing written)
   */
  public boolean optOut(String phone, String region, String source, Instant at) {
    ContactsTable.Stored stored =
        contacts
            .existing(ContactBuckets.of(phone), List.of(phone))
            .toCompletableFuture()
            .join()
            .get(phone);
    if (stored != null && stored.optedOutAt() != null) {
      if (stored.resubscribeRequestedAt() != null) {
        // STOP again while a re-subscription awaits confirmation: the latest wish wins.
        session.execute(
            contacts
                .resubscribeCleared(phone, at)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
      }
      return true;
    }
    log.optOutLogEntry(List.of(phone)).toCompletableFuture().join();
    // Logged: the suppression, its evidence and the feed entry that tells dispatchers to drop
    // messages already queued are written together or not at all.
    session.execute(
        BatchStatement.newInstance(
                DefaultBatchType.LOGGED,
                contacts.markOptedOut(phone, region, at),
                log.optOut(phone, at, source),
                log.optOutFeedEntry(phone))
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    return false;
  }
}
