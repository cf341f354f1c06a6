package dev.relais.scheduler.audience;

import dev.relais.proto.contacts.v1.Contact;
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
    if (!isE164(contact.getPhone())) {
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

  /** "+" then 7 to 15 digits, the first not zero (ITU-T E.164 allows at most 15). */
  public static boolean isE164(String phone) {
    if (phone == null || phone.length() < 8 || phone.length() > 16 || phone.charAt(0) != '+') {
      return false;
    }
    if (phone.charAt(1) == '0') {
      return false;
    }
    for (int i = 1; i < phone.length(); i++) {
      char c = phone.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
