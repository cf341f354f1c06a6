package dev.relais.scheduler.audience;

/**
 * Why a contact of a campaign's audience gets no message. The codes are stable: they key the
 * campaign's {@code suppressed} counts and show up in the Campaign status.
 */
public enum SuppressionReason {
  /** A marketing campaign and no recorded marketing consent. */
  NO_CONSENT("no-consent"),
  /** The number opted out of marketing messages. */
  OPTED_OUT("opted-out"),
  /** No declared route serves the destination. */
  NO_ROUTE("no-route"),
  /** The compliance policy would only allow sending at or after the campaign deadline. */
  OUTSIDE_WINDOW("outside-window"),
  /** The contact's number is not a usable E.164 number. */
  INVALID_NUMBER("invalid-number");

  private final String code;

  SuppressionReason(String code) {
    this.code = code;
  }

  /** The stable code, e.g. {@code no-consent}. */
  public String code() {
    return code;
  }
}
