package dev.relais.contacts.consent;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import dev.relais.contacts.store.ComplianceLog;
import dev.relais.contacts.store.ContactsTable;
import dev.relais.contacts.store.ErasedSuppressions;
import java.time.Duration;
import java.time.Instant;

/**
 * Lifts an opt-out, only on a new, explicit and evidenced consent: either the person replies START
 * (a {@link ResubscribeKeywords} reply) and then confirms (a {@link ConfirmationKeywords} reply)
 * within {@link #CONFIRMATION_WINDOW}, or a caller brings the evidence of a consent given after the
 * opt-out ({@link #lift}).
 *
 * <p>A lifting writes, in one logged batch, the contact (no longer opted out, marketing consent),
 * the consent evidence and the record of the lifting, the feed entry that dispatchers load by time,
 * and the removal of the number from the suppression list of erased numbers (or a later import
 * would opt it out again); then it appends a lifted entry to the opt-out log they follow, so that
 * they stop suppressing the number. Until the confirmation, nothing changes: the opt-out stays in
 * force.
 */
public final class Resubscription {

  /** Time a person has to confirm after asking to receive messages again. */
  public static final Duration CONFIRMATION_WINDOW = Duration.ofDays(7);

  /** How far ahead of this clock a caller's consent time may be (its clock may run ahead). */
  public static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  /** How a lifting by keyword replies is recorded (opt-out lifts). */
  public static final String BY_KEYWORD = "KEYWORD";

  /** How a lifting through the Resubscribe call is recorded (opt-out lifts). */
  public static final String BY_API = "API";

  /** What a confirmation reply did. */
  public enum Confirmation {
    /** The opt-out is lifted and the person consents. */
    LIFTED,
    /** The re-subscription was asked too long ago: it is closed, the opt-out stays. */
    EXPIRED,
    /** No re-subscription is pending for the number: the reply is not about one. */
    NOT_PENDING
  }

  /** Why a lifting through the API is refused. */
  public static final class RefusedException extends RuntimeException {

    private final boolean precondition;

    RefusedException(String message, boolean precondition) {
      super(message);
      this.precondition = precondition;
    }

    /** True when the number's state refuses it (no opt-out), false when the evidence does. */
    public boolean precondition() {
      return precondition;
    }
  }

  private final CqlSession session;
  private final ContactsTable contacts;
  private final ComplianceLog log;
  private final ErasedSuppressions suppressions;

  public Resubscription(
      CqlSession session,
      ContactsTable contacts,
      ComplianceLog log,
      ErasedSuppressions suppressions) {
    this.session = session;
    this.contacts = contacts;
    this.log = log;
    this.suppressions = suppressions;
  }

  /**
   * A START reply {@code request} from {@code phone}, received at {@code at}: opens (or reopens) a
   * re-subscription when the number is an opted-out contact.
   *
   * @return false when the number is no contact or has not opted out (nothing written)
   */
  public boolean request(String phone, String request, Instant at) {
    ContactsTable.Stored stored = contacts.stored(phone);
    if (stored == null || stored.optedOutAt() == null || !at.isAfter(stored.optedOutAt())) {
      return false;
    }
    session.execute(
        contacts
            .resubscribeRequested(phone, at, request.strip(), log.now())
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    return true;
  }

  /**
   * A confirmation {@code reply} from {@code phone}, received at {@code at}: lifts the opt-out when
   * a re-subscription was asked within {@link #CONFIRMATION_WINDOW} before it, closes an expired
   * one. The consent evidence is source "keyword" with both replies as its wording.
   */
  public Confirmation confirm(String phone, String reply, Instant at) {
    ContactsTable.Stored stored = contacts.stored(phone);
    if (stored == null || stored.resubscribeRequestedAt() == null) {
      return Confirmation.NOT_PENDING;
    }
    Instant requestedAt = stored.resubscribeRequestedAt();
    if (stored.optedOutAt() == null
        || at.isAfter(requestedAt.plus(CONFIRMATION_WINDOW))
        || at.isBefore(stored.optedOutAt())) {
      session.execute(
          contacts
              .resubscribeCleared(phone, log.now())
              .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
      return Confirmation.EXPIRED;
    }
    String wording = stored.resubscribeRequest() + "\n" + reply.strip();
    write(phone, stored.optedOutAt(), at, DoubleOptIn.SOURCE, wording, null, BY_KEYWORD);
    return Confirmation.LIFTED;
  }

  /** The evidence of a consent given again after an opt-out, as a caller brings it. */
  public record Evidence(String source, String wording, String proof, Instant consentedAt) {}

  /**
   * Lifts the opt-out of {@code phone} on {@code evidence}.
   *
   * @return the opt-out lifted
   * @throws RefusedException when the evidence is incomplete or does not fit the opt-out, or the
   *     number has not opted out
   */
  public Instant lift(String phone, Evidence evidence) {
    String source = evidence.source() == null ? "" : evidence.source().strip();
    String wording = evidence.wording() == null ? "" : evidence.wording().strip();
    String proof = evidence.proof() == null ? "" : evidence.proof().strip();
    if (source.isEmpty()) {
      throw new RefusedException("source is required: where the new consent was collected", false);
    }
    if (wording.isEmpty() && proof.isEmpty()) {
      throw new RefusedException(
          "wording or proof is required: the text the person agreed to, or a reference to the"
              + " proof of the consent",
          false);
    }
    if (evidence.consentedAt() == null) {
      throw new RefusedException("consented_at is required: when the person consented", false);
    }
    Instant now = log.now();
    if (evidence.consentedAt().isAfter(now.plus(CLOCK_SKEW))) {
      throw new RefusedException("consented_at is in the future", false);
    }
    ContactsTable.Stored stored = contacts.stored(phone);
    if (stored == null && suppressions.contains(phone)) {
      throw new RefusedException(
          "this number was erased after opting out: import it first (it comes back opted out),"
              + " then lift its opt-out",
          true);
    }
    if (stored == null || stored.optedOutAt() == null) {
      throw new RefusedException(
          "this number has not opted out: record its consent with an import", true);
    }
    if (!evidence.consentedAt().isAfter(stored.optedOutAt())) {
      throw new RefusedException(
          "consented_at must be after the opt-out it lifts (" + stored.optedOutAt() + ")", false);
    }
    write(
        phone,
        stored.optedOutAt(),
        evidence.consentedAt(),
        source,
        wording,
        proof.isEmpty() ? null : proof,
        BY_API);
    return stored.optedOutAt();
  }

  private void write(
      String phone,
      Instant optedOutAt,
      Instant consentedAt,
      String consentSource,
      String wording,
      String proof,
      String liftedBy) {
    Instant now = log.now();
    String wordingId = log.saveWording(wording);
    // Logged: the contact, its evidence and the feed entry land together or not at all.
    session.execute(
        BatchStatement.newInstance(
                DefaultBatchType.LOGGED,
                contacts.optOutLifted(phone, consentedAt, consentSource, now),
                proof == null
                    ? log.consentGranted(phone, consentedAt, consentSource, wordingId, now)
                    : log.consentGranted(phone, consentedAt, consentSource, wordingId, proof, now),
                log.optOutLifted(phone, consentedAt, liftedBy, optedOutAt),
                log.liftFeedEntry(phone),
                // An earlier erasure's suppression would bring the opt-out back on import.
                suppressions.remove(phone))
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    // After the contact: a failure here leaves dispatch suppressing, never sending to an opt-out.
    log.liftLogEntry(phone).toCompletableFuture().join();
  }
}
