package dev.relais.scheduler.audience;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.sms.address.E164;
import java.util.Optional;

/**
 * Decides whether a contact may receive a campaign's message, from the contact's own record.
 *
 * <p>Marketing needs recorded marketing consent and no opt-out. Transactional messages (reminders,
 * shipping, one-time codes) follow from the customer's own action: they need no marketing consent,
 * and the opt-out recorded by contacts, which is an opt-out from marketing (a STOP reply to a
 * marketing SMS), does not block them. Both need a well-formed E.164 number.
 */
public final class AudienceDecision {

  private AudienceDecision() {}

  /** Empty when the contact may be messaged, otherwise why not. */
  public static Optional<SuppressionReason> decide(boolean marketing, Contact contact) {
    if (!E164.isCanonical(contact.getPhone())) {
      return Optional.of(SuppressionReason.INVALID_NUMBER);
    }
    if (!marketing) {
      return Optional.empty();
    }
    if (contact.getOptedOut()) {
      return Optional.of(SuppressionReason.OPTED_OUT);
    }
    if (!contact.getMarketingConsent()) {
      return Optional.of(SuppressionReason.NO_CONSENT);
    }
    return Optional.empty();
  }
}
