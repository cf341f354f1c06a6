package dev.relais.contacts.consent;

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
 * Turns a pending consent into a marketing consent when the person replies a confirmation keyword,
 * and records the reply as the consent evidence (source "keyword", wording = the reply as received,
 * time = when it was received).
 */
public final class DoubleOptIn {

  /** Consent source recorded for a confirmation by keyword reply. */
  public static final String SOURCE = "keyword";

  private final CqlSession session;
  private final ContactsTable contacts;
  private final ComplianceLog log;

  public DoubleOptIn(CqlSession session, ContactsTable contacts, ComplianceLog log) {
    this.session = session;
    this.contacts = contacts;
    this.log = log;
  }

  /**
   * Confirms the pending consent of {@code phone} (E.164) by {@code reply}, received at {@code at}.
   *
   * @return false when the number has no pending consent (not a contact, never asked, or already
   *     consenting): then nothing is written
   */
  public boolean confirm(String phone, String reply, Instant at) {
    ContactsTable.Stored stored =
        contacts
            .existing(ContactBuckets.of(phone), List.of(phone))
            .toCompletableFuture()
            .join()
            .get(phone);
    if (stored == null || stored.consentPendingAt() == null || stored.marketingConsent()) {
      return false;
    }
    String wordingId = log.saveWording(reply.strip());
    // Same partition (bucket) in both tables: the consent and its evidence land together.
    session.execute(
        BatchStatement.newInstance(
                DefaultBatchType.UNLOGGED,
                contacts.consentConfirmed(phone, at, SOURCE),
                log.consentGranted(phone, at, SOURCE, wordingId, log.now()))
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    return true;
  }
}
