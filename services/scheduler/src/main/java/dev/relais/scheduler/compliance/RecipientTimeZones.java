package dev.relais.scheduler.compliance;

import java.time.ZoneId;
import java.util.Map;

/**
 * The local time zone of a recipient, from the region of their number (as contacts resolved it) or
 * else from its country calling code.
 *
 * <p>Only regions that live in a single time zone are listed; for others (e.g. the United States)
 * the campaign's zone applies, which is the honest answer without a per-contact zone.
 */
public final class RecipientTimeZones {

  private static final Map<String, ZoneId> BY_REGION =
      Map.ofEntries(
          Map.entry("FR", ZoneId.of("Europe/Paris")),
          Map.entry("MC", ZoneId.of("Europe/Monaco")),
          Map.entry("BE", ZoneId.of("Europe/Brussels")),
          Map.entry("LU", ZoneId.of("Europe/Luxembourg")),
          Map.entry("CH", ZoneId.of("Europe/Zurich")),
          Map.entry("DE", ZoneId.of("Europe/Berlin")),
          Map.entry("AT", ZoneId.of("Europe/Vienna")),
          Map.entry("NL", ZoneId.of("Europe/Amsterdam")),
          Map.entry("IT", ZoneId.of("Europe/Rome")),
          Map.entry("ES", ZoneId.of("Europe/Madrid")),
          Map.entry("PT", ZoneId.of("Europe/Lisbon")),
          Map.entry("GB", ZoneId.of("Europe/London")),
          Map.entry("IE", ZoneId.of("Europe/Dublin")),
          Map.entry("RE", ZoneId.of("Indian/Reunion")),
          Map.entry("YT", ZoneId.of("Indian/Mayotte")),
          Map.entry("GP", ZoneId.of("America/Guadeloupe")),
          Map.entry("BL", ZoneId.of("America/St_Barthelemy")),
          Map.entry("MF", ZoneId.of("America/Marigot")),
          Map.entry("MQ", ZoneId.of("America/Martinique")),
          Map.entry("GF", ZoneId.of("America/Cayenne")),
          Map.entry("PM", ZoneId.of("America/Miquelon")),
          Map.entry("NC", ZoneId.of("Pacific/Noumea")),
          Map.entry("PF", ZoneId.of("Pacific/Tahiti")),
          Map.entry("MA", ZoneId.of("Africa/Casablanca")),
          Map.entry("DZ", ZoneId.of("Africa/Algiers")),
          Map.entry("TN", ZoneId.of("Africa/Tunis")),
          Map.entry("SN", ZoneId.of("Africa/Dakar")),
          Map.entry("CI", ZoneId.of("Africa/Abidjan")));

  /** Calling codes of the regions above; longer codes are checked first. */
  private static final Map<String, String> REGION_BY_CALLING_CODE =
      Map.ofEntries(
          Map.entry("+33", "FR"),
          Map.entry("+377", "MC"),
          Map.entry("+32", "BE"),
          Map.entry("+352", "LU"),
          Map.entry("+41", "CH"),
          Map.entry("+49", "DE"),
          Map.entry("+43", "AT"),
          Map.entry("+31", "NL"),
          Map.entry("+39", "IT"),
          Map.entry("+34", "ES"),
          Map.entry("+351", "PT"),
          Map.entry("+44", "GB"),
          Map.entry("+353", "IE"),
          Map.entry("+262", "RE"),
          Map.entry("+590", "GP"),
          Map.entry("+596", "MQ"),
          Map.entry("+594", "GF"),
          Map.entry("+508", "PM"),
          Map.entry("+687", "NC"),
          Map.entry("+689", "PF"),
          Map.entry("+212", "MA"),
          Map.entry("+213", "DZ"),
          Map.entry("+216", "TN"),
          Map.entry("+221", "SN"),
          Map.entry("+225", "CI"));

  /**
   * Numbers of a calling code shared by several regions that their first digits tell apart: +262 is
   * La Réunion's and Mayotte's, whose fixed lines start 269 and mobiles 639 (the ARCEP plan, as
   * libphonenumber has it).
   */
  private static final Map<String, String> REGION_BY_LEADING_DIGITS =
      Map.of("+262269", "YT", "+262639", "YT");

  private RecipientTimeZones() {}

  /** The zone of a single-zone region such as "FR", or null when unknown. */
  public static ZoneId ofRegion(String region) {
    return region == null ? null : BY_REGION.get(region.toUpperCase(java.util.Locale.ROOT));
  }

  /**
   * The recipient's region: {@code region} when given, else the region of the calling code of
   * {@code e164} when it is one listed here, else null.
   */
  public static String regionOf(String region, String e164) {
    if (region != null && !region.isBlank()) {
      return region.strip().toUpperCase(java.util.Locale.ROOT);
    }
    if (e164 != null) {
      if (e164.length() > 7 && REGION_BY_LEADING_DIGITS.containsKey(e164.substring(0, 7))) {
        return REGION_BY_LEADING_DIGITS.get(e164.substring(0, 7));
      }
      for (int length = 4; length >= 3; length--) {
        if (e164.length() > length) {
          String code = REGION_BY_CALLING_CODE.get(e164.substring(0, length));
          if (code != null) {
            return code;
          }
        }
      }
    }
    return null;
  }

  /** The calling code (e.g. "+33") of a region listed here (e.g. "FR"), or null when unknown. */
  public static String callingCodeOf(String region) {
    if (region == null) {
      return null;
    }
    String wanted = region.strip().toUpperCase(java.util.Locale.ROOT);
    for (Map.Entry<String, String> entry : REGION_BY_CALLING_CODE.entrySet()) {
      if (entry.getValue().equals(wanted)) {
        return entry.getKey();
      }
    }
    return null;
  }

  /**
   * The recipient's zone: from {@code region} when known, else from the calling code of {@code
   * e164}, else {@code fallback}.
   */
  public static ZoneId zoneOf(String region, String e164, ZoneId fallback) {
    ZoneId byRegion = ofRegion(region);
    if (byRegion != null) {
      return byRegion;
    }
    ZoneId byCallingCode = ofRegion(regionOf(null, e164));
    return byCallingCode == null ? fallback : byCallingCode;
  }
}
