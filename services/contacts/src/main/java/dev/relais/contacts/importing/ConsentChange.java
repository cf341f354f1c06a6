package dev.relais.contacts.importing;

import dev.relais.contacts.store.ContactsTable;
import java.time.Instant;

/**
 * A change an import row makes to a contact's marketing consent, recorded both on the contact and
 * as an event of its consent history.
 *
 * @param granted true for a grant, false for a withdrawal
 * @param at when the consent was given or withdrawn: the file's consent date, else the import time
 * @param source where it was collected (the import's consent source)
 */
public record ConsentChange(boolean granted, Instant at, String source) {

  /**
   * What a row does to the consent of a contact, if anything.
   *
   * <p>Consent and opt-out are separate states: nothing here lifts or sets an opt-out, and a
   * contact who is opted out stays so whatever its consent (the opt-out suppresses every marketing
   * message).
   *
   * <ul>
   *   <li>A grant of a contact who already consents changes nothing unless the row dates it
   *       differently: re-importing a file (a CRM sync) must not re-date the evidence, nor restart
   *       the inactivity purge, which counts from the consent date. A dated grant stores the file's
   *       date, never the import time; an undated first grant is dated by the import.
   *   <li>A withdrawal applies to a contact who consents or awaits a double opt-in confirmation;
   *       for anyone else there is nothing to withdraw.
   * </ul>
   *
   * @param before the stored contact, or null for a new number
   * @return the change, or null when the row leaves the consent as it is
   */
  static ConsentChange of(
      ContactDraft draft, ContactsTable.Stored before, Instant now, String source) {
    boolean consents = before != null && before.marketingConsent();
    Instant at = draft.consentAt() != null ? draft.consentAt() : now;
    return switch (draft.consent()) {
      case GRANTED -> {
        if (consents
            && (draft.consentAt() == null || draft.consentAt().equals(before.consentAt()))) {
          yield null;
        }
        yield new ConsentChange(true, at, source);
      }
      case WITHDRAWN ->
          consents || (before != null && before.consentPendingAt() != null)
              ? new ConsentChange(false, at, source)
              : null;
      case PENDING, UNSAID -> null;
    };
  }
}
