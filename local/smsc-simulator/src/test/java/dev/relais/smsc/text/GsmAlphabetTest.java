package dev.relais.smsc.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GsmAlphabetTest {

  @Test
  void basicTableHasOneCharacterPerSeptet() {
    assertThat(GsmAlphabet.basicTableSize()).isEqualTo(128);
  }

  @Test
  void decodesLettersDigitsAndTheCharactersThatDifferFromAscii() {
    byte[] septets = {0x00, 0x02, 0x11, 0x41, 0x61, 0x30, 0x04, 0x05, 0x7F, 0x20};
    assertThat(GsmAlphabet.decode(septets, 0, septets.length)).isEqualTo("@$_Aa0èéà ");
  }

  @Test
  void decodesExtensionTableAfterEscape() {
    byte[] septets = {0x1B, 0x65, 0x1B, 0x3C, 0x1B, 0x3E, 0x1B, 0x28, 0x1B, 0x29};
    assertThat(GsmAlphabet.decode(septets, 0, septets.length)).isEqualTo("€[]{}");
  }

  @Test
  void roundTripsFrenchMarketingText() {
    String text = "Soldes -20% chez Café Émile ! Réponse STOP au 36111 €";
    assertThat(GsmAlphabet.canEncode(text)).isTrue();
    byte[] encoded = GsmAlphabet.encode(text);
    // Euro sign takes two septets.
    assertThat(encoded).hasSize(text.length() + 1);
    assertThat(GsmAlphabet.decode(encoded, 0, encoded.length)).isEqualTo(text);
  }

  @Test
  void refusesCharactersOutsideTheAlphabet() {
    assertThat(GsmAlphabet.canEncode("ça va")).isFalse(); // lowercase ç is not in GSM-7
    assertThat(GsmAlphabet.canEncode("\u0411")).isFalse();
    assertThatThrownBy(() -> GsmAlphabet.encode("œ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void octetsAboveSeptetRangeShowAsQuestionMarks() {
    byte[] octets = {0x41, (byte) 0xE9, 0x42};
    assertThat(GsmAlphabet.decode(octets, 0, octets.length)).isEqualTo("A?B");
  }
}
