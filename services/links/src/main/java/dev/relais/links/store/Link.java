package dev.relais.links.store;

import java.time.Instant;

/**
 * One tracked link as stored: the token, whose message and recipient it belongs to, where it leads
 * and until when.
 *
 * @param messageId the message the link was sent in, "" when tracking is aggregate-only
 * @param contactKey the contact's id or contacts' keyed hash of the number, never the number; ""
 *     when tracking is aggregate-only (the link is then filed under no contact)
 * @param firstClickedAt the first human click, null while never clicked
 */
public record Link(
    String token,
    String campaignId,
    String variant,
    String messageId,
    String contactKey,
    String targetUrl,
    Instant createdAt,
    Instant expiresAt,
    Instant firstClickedAt) {

  /** Whether the link no longer leads to its target at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
