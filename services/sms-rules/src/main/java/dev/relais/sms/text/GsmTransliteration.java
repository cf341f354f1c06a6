package dev.relais.sms.text;

import java.util.HashMap;
import java.util.Map;

/**
 * Replaces the characters GSM-7 lacks by readable GSM-7 look-alikes, so that a message keeps the
 * GSM-7 part sizes (160, 153) instead of UCS-2's (70, 67): typographic quotes and apostrophes
 * become {@code '} and {@code "}, the French accents GSM-7 has no room for lose their accent
 * ({@code ê} becomes {@code e}, {@code œ} becomes {@code oe}), the non-breaking and narrow spaces
 * become spaces, the ellipsis three dots and dashes a hyphen.
 *
 * <p>Characters GSM-7 has (é è ù ì ò à Ç É Ä Ö Ñ Ü ä ö ñ ü ß Å å Æ æ Ø ø, € in its extension table)
 * are kept as they are, and so is everything without a look-alike here (emojis, other scripts): a
 * text holding one stays UCS-2. Opt-in per campaign ({@code spec.transliterate}), since it changes
 * what the recipient reads.
 */
public final class GsmTransliteration {

  private static final Map<Character, String> LOOK_ALIKES = new HashMap<>();

  static {
    put("\u2018\u2019\u201A\u201B\u2032\u00B4\u02BC", "'");
    put("\u201C\u201D\u201E\u201F\u00AB\u00BB\u2033", "\"");
    put("\u2039", "<");
    put("\u203A", ">");
    put("\u00E2\u00E1\u00E3", "a");
    put("\u00C2\u00C0\u00C1\u00C3", "A");
    put("\u00EA\u00EB", "e");
    put("\u00CA\u00C8\u00CB", "E");
    put("\u00EE\u00EF\u00ED", "i");
    put("\u00CE\u00CF\u00CC\u00CD", "I");
    put("\u00F4\u00F3\u00F5", "o");
    put("\u00D4\u00D2\u00D3\u00D5", "O");
    put("\u00FB\u00FA", "u");
    put("\u00DB\u00D9\u00DA", "U");
    put("\u00E7", "c");
    put("\u00FF\u00FD", "y");
    put("\u0178\u00DD", "Y");
    put("\u0153", "oe");
    put("\u0152", "OE");
    // No-break, narrow no-break, thin, figure, en/em and other typographic spaces; a tab.
    put("\u00A0\u202F\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\t", " ");
    put("\u2026", "...");
    put("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-");
    // Invisible: a soft hyphen, zero-width spaces and joiners, the byte-order mark.
    put("\u00AD\u200B\u200C\u200D\u2060\uFEFF", "");
  }

  private GsmTransliteration() {}

  private static void put(String characters, String replacement) {
    for (int i = 0; i < characters.length(); i++) {
      LOOK_ALIKES.put(characters.charAt(i), replacement);
    }
  }

  /**
   * The GSM-7 look-alike of {@code c} ("" for an invisible character), or null when it has none.
   */
  public static String lookAlike(char c) {
    return GsmAlphabet.septets(c) > 0 ? null : LOOK_ALIKES.get(c);
  }

  /** Whether {@code c} is GSM-7 once transliterated: in the alphabet, or with a look-alike. */
  public static boolean hasGsm7Form(char c) {
    return GsmAlphabet.septets(c) > 0 || LOOK_ALIKES.containsKey(c);
  }

  /** {@code text} with every character that has a look-alike replaced; {@code text} if none. */
  public static String transliterate(String text) {
    int first = 0;
    while (first < text.length() && lookAlike(text.charAt(first)) == null) {
      first++;
    }
    if (first == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      String replacement = lookAlike(c);
      if (replacement == null) {
        out.append(c);
      } else {
        out.append(replacement);
      }
    }
    return out.toString();
  }
}
