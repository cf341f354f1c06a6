package dev.relais.contacts.optout;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises the replies by which a person asks to receive no more SMS ("STOP", "Arrêt", ...).
 *
 * <p>The whole message must be the keyword: case, accents, surrounding blanks and punctuation, and
 * the amount of inner whitespace do not matter, but any other word does. "stop please" or "Je veux
 * arrêter" are conversations for a human, not opt-outs: acting on a keyword found inside a longer
 * text would unsubscribe people who wrote "don't stop the offers".
 */
public final class OptOutKeywords {

  /** Keywords after {@link #canonical} folding: upper case, no accents, single spaces. */
  private static final Set<String> KEYWORDS =
      Set.of(
          // French and international carrier conventions (the "STOP 36xxx" mention).
          "STOP",
          "STOP SMS",
          "STOPSMS",
          "STOP ALL",
          "STOPALL",
          "ARRET",
          "ARRET SMS",
          "ARRETSMS",
          "DESINSCRIPTION",
          "DESINSCRIRE",
          "DESABONNER",
          "DESABONNEMENT",
          // English (CTIA-style keywords).
          "UNSUBSCRIBE",
          "END",
          "CANCEL",
          "QUIT",
          "OPTOUT",
          "OPT OUT",
          // Neighbouring languages met on European short codes.
          "BAJA",
          "ABMELDEN");

  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Z}_-]+");
  private static final Pattern EDGE_PUNCTUATION =
      Pattern.compile("^[\\p{P}\\p{S}\\s\\p{Z}]+|[\\p{P}\\p{S}\\s\\p{Z}]+$");

  private OptOutKeywords() {}

  /** True when the whole text is an opt-out keyword. */
  public static boolean isOptOut(String text) {
    return text != null && KEYWORDS.contains(canonical(text));
  }

  /**
   * Folds a text for comparison: strips surrounding blanks and punctuation ("Stop." and "STOP !"
   * are what people type on a phone), removes accents, upper-cases and collapses separators.
   */
  public static String canonical(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
    String unaccented = COMBINING_MARKS.matcher(decomposed).replaceAll("");
    String trimmed = EDGE_PUNCTUATION.matcher(unaccented).replaceAll("");
    return SEPARATORS.matcher(trimmed).replaceAll(" ").toUpperCase(Locale.ROOT);
  }
}
