package dev.relais.scheduler.compliance;

import java.time.ZoneId;

/**
 * Where a recipient is, as far as a sending window cares: their local time zone and the French
 * holidays that apply to them.
 */
public record RecipientPlace(ZoneId zone, FrenchHolidayArea holidays) {

  /**
   * The place of a contact: zone and holiday area from the region contacts resolved for the number
   * ({@code region}, may be empty) or else its calling code, and for Alsace-Moselle from {@code
   * postalCode}; {@code fallbackZone} when the number tells no zone.
   */
  public static RecipientPlace of(
      String region, String e164, String postalCode, ZoneId fallbackZone) {
    return new RecipientPlace(
        RecipientTimeZones.zoneOf(region, e164, fallbackZone),
        FrenchHolidayArea.of(region, e164, postalCode));
  }

  /** A recipient known only by zone: national holidays. */
  public static RecipientPlace inZone(ZoneId zone) {
    return new RecipientPlace(zone, FrenchHolidayArea.NATIONAL);
  }
}
