package dev.relais.sms.phone;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the region a contacts file gives for a row: an ISO 3166 code ("FR", "be") or a country name
 * in English or French ("France", "Belgique", "Germany"), as spreadsheets exported by CRMs contain
 * both.
 */
public final class Regions {

  private static final Map<String, String> BY_NAME = new HashMap<>();

  static {
    for (String code : Locale.getISOCountries()) {
      Locale country = Locale.of("", code);
      BY_NAME.put(fold(country.getDisplayCountry(Locale.ENGLISH)), code);
      BY_NAME.put(fold(country.getDisplayCountry(Locale.FRENCH)), code);
    }
  }

  private Regions() {}

  /** The ISO 3166 code libphonenumber knows for {@code text}, or empty. */
  public static Optional<String> resolve(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String trimmed = text.trim();
    if (trimmed.length() == 2 && PhoneNumbers.isKnownRegion(trimmed)) {
      return Optional.of(trimmed.toUpperCase(Locale.ROOT));
    }
    return Optional.ofNullable(BY_NAME.get(fold(trimmed))).filter(PhoneNumbers::isKnownRegion);
  }

  private static String fold(String name) {
    return Normalizer.normalize(name, Normalizer.Form.NFD)
        .replaceAll("\\p{M}+", "")
        .replaceAll("[^\\p{L}\\p{N}]+", " ")
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}
