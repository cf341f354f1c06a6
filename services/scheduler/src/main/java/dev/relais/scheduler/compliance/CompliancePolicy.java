package dev.relais.scheduler.compliance;

import java.time.Instant;
import java.time.ZoneId;

/** A named rule for when a message may reach a recipient, e.g. French marketing hours. */
public interface CompliancePolicy {

  /** The name a campaign uses to select the policy, e.g. {@code fr-marketing}. */
  String name();

  /** Whether campaigns of this type may use the policy. */
  boolean allowsMarketing();

  /**
   * The first instant at or after {@code candidate} at which the policy allows sending to a
   * recipient whose local time zone is {@code recipientZone} (and whose holidays are the national
   * ones).
   */
  Instant firstAllowed(Instant candidate, ZoneId recipientZone);

  /**
   * When the window that is open at {@code allowed} (an instant {@link #firstAllowed} returned)
   * closes; {@link Instant#MAX} for a policy without windows.
   */
  default Instant windowCloses(Instant allowed, ZoneId recipientZone) {
    return Instant.MAX;
  }

  /**
   * {@link #firstAllowed(Instant, ZoneId)} for a recipient whose holiday area is known as well:
   * policies that close on French holidays close on the recipient's local ones too.
   */
  default Instant firstAllowed(Instant candidate, RecipientPlace recipient) {
    return firstAllowed(candidate, recipient.zone());
  }

  /** {@link #windowCloses(Instant, ZoneId)} for a recipient whose holiday area is known as well. */
  default Instant windowCloses(Instant allowed, RecipientPlace recipient) {
    return windowCloses(allowed, recipient.zone());
  }
}
