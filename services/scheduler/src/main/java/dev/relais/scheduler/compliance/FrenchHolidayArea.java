package dev.relais.scheduler.compliance;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which French public holidays apply to a recipient: the eleven national ones everywhere, plus
 * those of the recipient's area when Relais can tell it (see {@link FrenchPublicHolidays} for the
 * days and their legal source).
 *
 * <p>An overseas area is told by the recipient's region, which contacts resolves from the number
 * (+590 Guadeloupe, +596 Martinique, +594 Guyane, +262 La Réunion or Mayotte); Saint-Barthélemy and
 * Saint-Martin share +590 with Guadeloupe and are told apart only when the contact's region says BL
 * or MF. Alsace-Moselle numbers are ordinary +33 numbers: the area is told by the contact's postal
 * code (départements 57 Moselle, 67 Bas-Rhin, 68 Haut-Rhin) when the contact has one. Every other
 * recipient, French or not, gets the national holidays, as before.
 */
public enum FrenchHolidayArea {
  /** Metropolitan France outside Alsace-Moselle, and recipients outside France. */
  NATIONAL,
  ALSACE_MOSELLE,
  GUADELOUPE,
  MARTINIQUE,
  GUYANE,
  LA_REUNION,
  MAYOTTE,
  SAINT_BARTHELEMY,
  SAINT_MARTIN;

  /** A French postal code of Moselle (57), Bas-Rhin (67) or Haut-Rhin (68). */
  private static final Pattern ALSACE_MOSELLE_POSTAL_CODE = Pattern.compile("(57|67|68)[0-9]{3}");

  /**
   * The area of a recipient whose number is {@code e164}, whose region contacts resolved as {@code
   * region} (may be empty) and whose postal code is {@code postalCode} (may be empty).
   */
  public static FrenchHolidayArea of(String region, String e164, String postalCode) {
    String resolved = RecipientTimeZones.regionOf(region, e164);
    if (resolved == null) {
      return NATIONAL;
    }
    return switch (resolved.toUpperCase(Locale.ROOT)) {
      case "GP" -> GUADELOUPE;
      case "MQ" -> MARTINIQUE;
      case "GF" -> GUYANE;
      case "RE" -> LA_REUNION;
      case "YT" -> MAYOTTE;
      case "BL" -> SAINT_BARTHELEMY;
      case "MF" -> SAINT_MARTIN;
      case "FR" -> isAlsaceMoselle(postalCode) ? ALSACE_MOSELLE : NATIONAL;
      default -> NATIONAL;
    };
  }

  /** Whether {@code postalCode} (spaces allowed, e.g. "67 000") is in Alsace-Moselle. */
  static boolean isAlsaceMoselle(String postalCode) {
    return postalCode != null
        && ALSACE_MOSELLE_POSTAL_CODE.matcher(postalCode.replace(" ", "")).matches();
  }
}
