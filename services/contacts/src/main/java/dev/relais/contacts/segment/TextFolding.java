package dev.relais.contacts.segment;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Folds texts so that segment comparisons ignore what marketing data gets wrong: case, accents and
 * surrounding blanks ("Nîmes" = "nimes "), and for attribute names also separators ("Last purchase"
 * = "last_purchase" = "lastPurchase").
 */
final class TextFolding {

  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");

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
        return COMBINING_MARKS
            .matcher(Normalizer.normalize(stripped, Normalizer.Form.NFD))
            .replaceAll("")
            .toLowerCase(Locale.ROOT);
      }
    }
    return stripped.toLowerCase(Locale.ROOT);
  }

  /** A field or attribute name: {@link #value} keeping only letters and digits. */
  static String name(String text) {
    String folded = value(text);
    StringBuilder out = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (Character.isLetterOrDigit(c)) {
        out.append(c);
      }
    }
    return out.toString();
  }
}
