package dev.relais.contacts.segment;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Folds texts so that segment comparisons ignore what marketing data gets wrong: case, accents and
 * surrounding blanks ("Nîmes" = "nimes "), and for attribute names also separators ("Last purchase"
 * = "last_purchase" = "lastPurchase").
 */
final class TextFolding {

  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

  /**
   * Folded forms of recent texts that needed Unicode normalisation, and of attribute names: a scan
   * meets the same few cities and column names millions of times. Bounded: when full it is only
   * read, so memory stays flat whatever the data.
   */
  private static final int CACHE_LIMIT = 20_000;

  private static final Map<String, String> VALUES = new ConcurrentHashMap<>();
  private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

  private TextFolding() {}

  /** A value for comparison: stripped, lower case, without accents. */
  static String value(String text) {
    if (text == null) {
      return "";
    }
    String stripped = text.strip();
    // Most values are ASCII: skip the Unicode normalisation, which costs per row on a big scan.
    for (int i = 0; i < stripped.length(); i++) {
      if (stripped.charAt(i) > 0x7F) {
        String cached = VALUES.get(stripped);
        if (cached == null) {
          cached =
              COMBINING_MARKS
                  .matcher(Normalizer.normalize(stripped, Normalizer.Form.NFD))
                  .replaceAll("")
                  .toLowerCase(Locale.ROOT);
          remember(VALUES, stripped, cached);
        }
        return cached;
      }
    }
    return stripped.toLowerCase(Locale.ROOT);
  }

  /** A field or attribute name: {@link #value} keeping only letters and digits. */
  static String name(String text) {
    String cached = NAMES.get(text);
    if (cached != null) {
      return cached;
    }
    String folded = value(text);
    StringBuilder out = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(c);
      }
    }
    remember(NAMES, text, out.toString());
    return out.toString();
  }

  private static void remember(Map<String, String> cache, String key, String value) {
    if (cache.size() < CACHE_LIMIT) {
      cache.put(key, value);
    }
  }
}
