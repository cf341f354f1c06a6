package dev.relais.contacts.gdpr;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How long a contact is kept without any sign of the person (CNIL: three years after the last
 * contact coming from a prospect), and what counts as such a sign.
 *
 * <p>The last activity is the latest of: the last interaction known (an SMS received from the
 * person, or an activity a caller's import reported), the consent they gave, and their opt-out
 * (replying STOP is a contact too). When none is known, the last time the contact was written
 * stands for it: the data is kept from when it was collected. Reminders sent to the person do not
 * count: a campaign is the company's action, not theirs.
 */
public record RetentionPolicy(Duration inactive) {

  /** Three years, the CNIL's recommendation for prospects. */
  public static final Duration DEFAULT_INACTIVE = Duration.ofDays(3 * 365);

  public RetentionPolicy {
    if (inactive.isNegative()) {
      throw new IllegalArgumentException("retention.inactive must not be negative");
    }
  }

  /** Whether contacts are purged at all ({@code retention.inactive=0} turns it off). */
  public boolean enabled() {
    return !inactive.isZero();
  }

  /** The contact's last sign of activity, if any date is known. */
  public static Optional<Instant> lastActivity(
      Instant lastInteraction, Instant consentAt, Instant optedOutAt, Instant updatedAt) {
    Optional<Instant> personal =
        Stream.of(lastInteraction, consentAt, optedOutAt)
            .filter(t -> t != null)
            .max(Instant::compareTo);
    return personal.isPresent() ? personal : Optional.ofNullable(updatedAt);
  }

  /**
   * Whether a contact with these dates has been inactive for longer than allowed at {@code now}. A
   * row with no date at all is not a contact (only the frequency cap's history, which expires by
   * itself) and is never purged here.
   */
  public boolean expired(
      Instant lastInteraction,
      Instant consentAt,
      Instant optedOutAt,
      Instant updatedAt,
      Instant now) {
    if (!enabled()) {
      return false;
    }
    Instant cutoff = now.minus(inactive);
    return lastActivity(lastInteraction, consentAt, optedOutAt, updatedAt)
        .map(last -> last.isBefore(cutoff))
        .orElse(false);
  }
}
