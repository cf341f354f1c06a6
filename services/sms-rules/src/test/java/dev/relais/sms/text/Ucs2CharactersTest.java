package dev.relais.sms.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class Ucs2CharactersTest {

  @Test
  void eachForcingCharacterWithItsFirstColumnAndCount() {
    List<Ucs2Characters.Occurrence> found =
        Ucs2Characters.in("Bonjour, c’est l’été à Besançon 😀", false);
    assertThat(found)
        .extracting(Ucs2Characters.Occurrence::describe)
        .containsExactly(
            "’ (U+2019) at column 11 (2 times)",
            "ç (U+00E7) at column 29",
            "😀 (U+1F600) at column 33");
    assertThat(found)
        .extracting(Ucs2Characters.Occurrence::gsm7Form)
        .containsExactly("'", "c", null);
  }

  @Test
  void aGsm7TextHasNone() {
    assertThat(Ucs2Characters.in("Hélène, -20% à Orléans. STOP 36111 €", false)).isEmpty();
  }

  @Test
  void positionsPastTheFirstLineNameTheirLine() {
    assertThat(Ucs2Characters.in("Bonjour\nà bientôt", false))
        .extracting(Ucs2Characters.Occurrence::describe)
        .containsExactly("ô (U+00F4) at line 2, column 8");
  }

  @Test
  void transliteratedOnlyWhatHasNoLookAlikeRemains() {
    assertThat(Ucs2Characters.in("L’offre 😀 Спасибо", true))
        .extracting(Ucs2Characters.Occurrence::character)
        .containsExactly("😀", "С", "п", "а", "с", "и", "б", "о");
  }
}
