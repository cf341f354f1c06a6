package dev.relais.contacts.optout;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the replies by which a person asks to receive no more SMS ("STOP", "Arrêt", "STOP
 * 36111", "Stop svp", ...).
 *
 * <p>The rule: the first word is a stop keyword ({@link #KEYWORDS}), and every other word, if any,
 * is one that adds nothing but the mention or politeness: a number (the short code, as in "STOP au
 * 36111", the mention Relais appends), "au", "à", "SMS", "PUB", "all", a politeness word (svp, stp,
 * merci, please, thanks...), or the keyword again; at most {@link #MAX_WORDS} words in all. Case,
 * accents, punctuation and spacing do not matter ("Stop!!", "STOP.", "stop-sms", "STOP36111"). This
 * covers what French carriers treat as an opt-out ("STOP", "STOP SMS", "STOP 36XXX").
 *
 * <p>Anything else is a conversation, not an opt-out, and is kept for a person to read: a keyword
 * that is not the first word ("Je veux STOP", "please stop"), another word after it ("stop la promo
 * c'est super", which may as well praise the offer; "cancel my order"), or a verb of the same
 * family ("stopper", "Arrêter", "Arrêtez de m'écrire"). Words are compared whole, so that "STOPPED"
 * or "Endive" never match, and no negation can slip through the fillers. The limit is deliberate:
 * free text can mean the opposite of a keyword it contains ("n'arrêtez pas", "don't stop"), and a
 * false opt-out silently loses a consent that only the person can give back. A request in free text
 * is still an objection the sender must honour: it is stored with the other texts nobody understood
 * (ContactsGrpcService.listInboundTexts) for an operator to act on.
 */
public final class OptOutKeywords {

  /** Words of a reply, at most: a keyword, the short code and a few politeness words. */
  public static final int MAX_WORDS = 8;

  /** Keywords after folding (upper case, no accents), as the first word of a reply. */
  private static final Set<String> KEYWORDS =
      Set.of(
          // French and international carrier conventions (the "STOP 36xxx" mention).
          "STOP",
          "STOPSMS",
          "STOPALL",
          "ARRET",
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
          // Neighbouring languages met on European short codes.
          "BAJA",
          "ABMELDEN");

  /** Words that may follow the keyword without making the reply a conversation. */
  private static final Set<String> FILLERS =
      Set.of(
          "AU",
          "A",
          "SMS",
          "PUB",
          "PUBS",
          "PUBLICITE",
          "PUBLICITES",
          "ALL",
          "SVP",
          "STP",
          "S",
          "IL",
          "VOUS",
          "TE",
          "PLAIT",
          "MERCI",
          "BEAUCOUP",
          "PLEASE",
          "PLS",
          "PLZ",
          "THANKS",
          "THANK",
          "YOU",
          "THX");

  /** Longest digit run read as a short code or number ("36111", "0612345678", "33612345678"). */
  private static final int MAX_DIGITS = 15;

  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SEPARATORS = Pattern.compile("[\\s\\p{Z}_-]+");
  private static final Pattern EDGE_PUNCTUATION =
      Pattern.compile("^[\\p{P}\\p{S}\\s\\p{Z}]+|[\\p{P}\\p{S}\\s\\p{Z}]+$");

  /** A word: letters, or digits (so "STOP36111" is two words). */
  private static final Pattern WORD = Pattern.compile("\\p{L}+|\\p{N}+");

  private OptOutKeywords() {}

  /** True when the text asks to opt out, by the rule of the class comment. */
  public static boolean isOptOut(String text) {
    if (text == null) {
      return false;
    }
    List<String> words = words(text);
    if (words.isEmpty() || words.size() > MAX_WORDS) {
      return false;
    }
    int rest = 1;
    if (words.size() > 1 && words.get(0).equals("OPT") && words.get(1).equals("OUT")) {
      rest = 2; // "opt out", "opt-out"
    } else if (!KEYWORDS.contains(words.get(0))) {
      return false;
    }
    for (String word : words.subList(rest, words.size())) {
      if (!FILLERS.contains(word) && !KEYWORDS.contains(word) && !isShortNumber(word)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isShortNumber(String word) {
    return word.length() <= MAX_DIGITS && word.chars().allMatch(Character::isDigit);
  }

  /** The words of a text, folded like {@link #canonical}; punctuation separates them. */
  static List<String> words(String text) {
    String folded =
        COMBINING_MARKS
            .matcher(Normalizer.normalize(text, Normalizer.Form.NFD))
            .replaceAll("")
            .toUpperCase(Locale.ROOT);
    List<String> words = new ArrayList<>();
    Matcher matcher = WORD.matcher(folded);
    while (matcher.find() && words.size() <= MAX_WORDS) {
      words.add(matcher.group());
    }
    return words;
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
