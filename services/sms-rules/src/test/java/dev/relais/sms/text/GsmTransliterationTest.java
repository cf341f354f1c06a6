package dev.relais.sms.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GsmTransliterationTest {

  /** A promotion as a CMS writes it: 146 characters, one typographic apostrophe. */
  static final String PROMOTION =
      "Les soldes commencent demain : -30% sur toute la collection d’hiver dans votre magasin"
          + " et sur le site, jusqu'à dimanche. Code SOLDES30. STOP 36111";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "’|'", "‘|'", "“|\"", "”|\"", "«|\"", "»|\"", "ê|e", "ô|o", "â|a", "î|i", "û|u", "ë|e",
        "ï|i", "ç|c", "œ|oe", "Œ|OE", "È|E", "Ê|E", "Â|A", "Î|I", "Ô|O", "Û|U", "…|...", "–|-",
        "—|-"
      })
  void eachCharacterOutsideGsm7BecomesItsLookAlike(String character, String lookAlike) {
    assertThat(SmsEncoding.of(character)).isEqualTo(SmsEncoding.UCS_2);
    assertThat(GsmTransliteration.transliterate("a" + character + "b"))
        .isEqualTo("a" + lookAlike + "b");
    assertThat(SmsEncoding.of(lookAlike)).isEqualTo(SmsEncoding.GSM_7);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\u00A0", "\u202F", "\u2009", "\u2007"})
  void noBreakAndNarrowSpacesBecomeSpaces(String space) {
    assertThat(GsmTransliteration.transliterate("50" + space + "€ ?")).isEqualTo("50 € ?");
  }

  @Test
  void charactersOfGsm7AreKeptAsTheyAre() {
    String gsm7 = "Ç é è ù ì ò à É Ä Ö Ñ Ü ü ö ñ ä ß Å å Æ æ Ø ø € [ ] { } ~ ^ | \\ @ £ $ ¥ ¿ ¡ §";
    assertThat(SmsEncoding.of(gsm7)).isEqualTo(SmsEncoding.GSM_7);
    assertThat(GsmTransliteration.transliterate(gsm7)).isSameAs(gsm7);
  }

  @Test
  void frenchSentencesStayReadable() {
    assertThat(
            GsmTransliteration.transliterate(
                "François, l’hôtel de Besançon vous offre une crème brûlée à Nîmes… «\u00A0Noël\u00A0»"
                    + " – cœur de fête, Ève et Œdipe s’y retrouvent."))
        .isEqualTo(
            "Francois, l'hotel de Besancon vous offre une crème brulée à Nimes... \" Noel \""
                + " - coeur de fete, Eve et OEdipe s'y retrouvent.");
  }

  @Test
  void theApostropheOfA146CharacterPromotionNoLongerTriplesItsParts() {
    assertThat(PROMOTION).hasSize(146);
    SmsParts asWritten = SmsParts.of(PROMOTION);
    assertThat(asWritten.encoding()).isEqualTo(SmsEncoding.UCS_2);
    assertThat(asWritten.parts()).isEqualTo(3);

    SmsParts transliterated = SmsParts.of(GsmTransliteration.transliterate(PROMOTION));
    assertThat(transliterated.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(transliterated.parts()).isEqualTo(1);
    assertThat(transliterated.text()).contains("collection d'hiver");
  }

  @Test
  void emojisAndOtherScriptsKeepTheMessageUcs2() {
    String text = GsmTransliteration.transliterate("Merci l’équipe 😀 Спасибо");
    assertThat(text).isEqualTo("Merci l'équipe 😀 Спасибо");
    assertThat(SmsEncoding.of(text)).isEqualTo(SmsEncoding.UCS_2);
  }

  @Test
  void invisibleCharactersAreDropped() {
    assertThat(GsmTransliteration.transliterate("pro\u00ADmo\u200B !")).isEqualTo("promo !");
  }
}
