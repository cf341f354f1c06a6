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
 * @param lastClickedAt the last human click, null while never clicked
 * @param legacy stored in the table of one row per token that links were written to before they
 *     were stored by page ({@code links}), read until its rows expire
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
    Instant firstClickedAt,
    Instant lastClickedAt,
    boolean legacy) {

  /** A new link, stored by page. */
  public static Link created(
      String token,
      String campaignId,
      String variant,
      String messageId,
      String contactKey,
      String targetUrl,
      Instant createdAt,
      Instant expiresAt) {
    return new Link(
        token,
        campaignId,
        variant,
        messageId,
        contactKey,
        targetUrl,
        createdAt,
        expiresAt,
        null,
        null,
        false);
  }

  /** Whether the link no longer leads to its target at {@code now}. */
  public boolean expiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
