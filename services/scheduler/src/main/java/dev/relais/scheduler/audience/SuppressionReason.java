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
  INVALID_NUMBER("invalid-number"),
  /** The contact already had as many marketing SMS as the frequency cap allows. */
  CAPPED("capped"),
  /** The number is in a country the campaign is not allowed to reach. */
  COUNTRY_NOT_ALLOWED("country-not-allowed"),
  /** Its block of numbers got more messages than the velocity limit allows (SMS pumping). */
  VELOCITY_LIMIT("velocity-limit");

  private final String code;

  SuppressionReason(String code) {
    this.code = code;
  }

  /** The stable code, e.g. {@code no-consent}. */
  public String code() {
    return code;
  }
}
