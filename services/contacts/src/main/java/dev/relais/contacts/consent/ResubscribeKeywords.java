package dev.relais.contacts.consent;

import dev.relais.contacts.optout.OptOutKeywords;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises the reply by which an opted-out person asks to receive messages again: START (alone,
 * or followed by the short code it was sent to, "START 36111"), START SMS, UNSTOP, RESUBSCRIBE,
 * REABONNER, REABONNEMENT, REINSCRIRE, REINSCRIPTION, as the whole message.
 *
 * <p>Folded like the STOP keywords ({@link OptOutKeywords#canonical}): case, accents, surrounding
 * blanks and punctuation do not matter ("Start !", "réabonner"). Words that also mean something
 * else in a shop's conversation ("reprise" is a trade-in, "abonnement?" a question about one) are
 * not keywords. The reply alone never lifts an opt-out: it only opens a re-subscription that the
 * person must confirm ({@link ConfirmationKeywords}).
 */
public final class ResubscribeKeywords {

  /** Keywords after {@link OptOutKeywords#canonical} folding. */
  private static final Set<String> KEYWORDS =
      Set.of(
          "START",
          "START SMS",
          "STARTSMS",
          "UNSTOP",
          "RESUBSCRIBE",
          "REABONNER",
          "REABONNEMENT",
          "REINSCRIRE",
          "REINSCRIPTION");

  /** START followed by the short code or long number the reply was sent to. */
  private static final Pattern START_TO_NUMBER = Pattern.compile("START \\+?\\d{3,15}");

  private ResubscribeKeywords() {}

  /** True when the whole text asks to receive messages again. */
  public static boolean isResubscribe(String text) {
    if (text == null) {
      return false;
    }
    String canonical = OptOutKeywords.canonical(text);
    return KEYWORDS.contains(canonical) || START_TO_NUMBER.matcher(canonical).matches();
  }
}
