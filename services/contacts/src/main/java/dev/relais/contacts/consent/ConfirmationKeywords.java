package dev.relais.contacts.consent;

import dev.relais.contacts.optout.OptOutKeywords;
import java.util.Set;

/**
 * Recognises the reply that confirms a double opt-in: OUI, YES, O or Y, as the whole message.
 *
 * <p>Folded like the STOP keywords (case, accents, surrounding blanks and punctuation do not
 * matter: "oui", " Oui ! ", "Yes." confirm), but nothing else may be in the message: "oui mais plus
 * tard" or "Ok" are not a specific, unambiguous consent and must not become one.
 */
public final class ConfirmationKeywords {

  private static final Set<String> KEYWORDS = Set.of("OUI", "YES", "O", "Y");

  private ConfirmationKeywords() {}

  /** True when the whole text confirms. */
  public static boolean isConfirmation(String text) {
    return text != null && KEYWORDS.contains(OptOutKeywords.canonical(text));
  }
}
