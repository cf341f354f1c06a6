package dev.relais.sms.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GsmAlphabetTest {

  private static final String BASIC =
      "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
          + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  private static final String EXTENSION = "€[]{}^~\\|\f";

  @Test
  void everySeptetButTheEscapeIsOneDistinctCharacterOfOneSeptet() {
    Set<Character> seen = new HashSet<>();
    for (int septet = 0; septet < 0x80; septet++) {
      if (septet == GsmAlphabet.ESCAPE) {
        continue;
      }
      String c = GsmAlphabet.decode(new byte[] {(byte) septet}, 0, 1);
      assertThat(c).hasSize(1);
      assertThat(GsmAlphabet.septets(c.charAt(0))).isEqualTo(1);
      assertThat(GsmAlphabet.encode(c)).containsExactly(septet);
      seen.add(c.charAt(0));
    }
    assertThat(seen).hasSize(127);
    assertThat(BASIC.chars().allMatch(c -> seen.contains((char) c))).isTrue();
  }

  @Test
  void decodesLettersDigitsAndTheCharactersThatDifferFromAscii() {
    byte[] septets = {0x00, 0x02, 0x11, 0x41, 0x61, 0x30, 0x04, 0x05, 0x7F, 0x20};
    assertThat(GsmAlphabet.decode(septets, 0, septets.length)).isEqualTo("@$_Aa0èéà ");
  }

  @Test
  void extensionCharactersAreTwoSeptetsEscapeThenCode() {
    assertThat(GsmAlphabet.encode("5€")).containsExactly('5', 0x1B, 0x65);
    assertThat(GsmAlphabet.septetLength(EXTENSION, 0, EXTENSION.length())).isEqualTo(20);
    byte[] septets = {0x1B, 0x65, 0x1B, 0x3C, 0x1B, 0x3E, 0x1B, 0x28, 0x1B, 0x29};
    assertThat(GsmAlphabet.decode(septets, 0, septets.length)).isEqualTo("€[]{}");
  }

  @Test
  void theWholeAlphabetRoundTripsThroughTheDecoder() {
    String text = BASIC + EXTENSION;
    byte[] octets = GsmAlphabet.encode(text);
    assertThat(octets).hasSize(BASIC.length() + 2 * EXTENSION.length());
    assertThat(GsmAlphabet.decode(octets, 0, octets.length)).isEqualTo(text);
  }

  @Test
  void encodesARangeInPlaceAfterWhatTheBufferAlreadyHolds() {
    String text = "xxSoldes 10€xx";
    byte[] out = new byte[3 + 11];
    out[0] = 0x05;

    int end = GsmAlphabet.encode(text, 2, 12, out, 3);

    assertThat(end).isEqualTo(14);
    assertThat(out[0]).isEqualTo((byte) 0x05);
    assertThat(GsmAlphabet.decode(out, 3, 11)).isEqualTo("Soldes 10€");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ç", "ê", "â", "œ", "Б", "😀", "’", "\u001B", "\uD83D"})
  void refusesCharactersOutsideTheAlphabet(String c) {
    assertThat(GsmAlphabet.canEncode("ok " + c)).isFalse();
    assertThat(GsmAlphabet.septets(c.charAt(0))).isZero();
    assertThatThrownBy(() -> GsmAlphabet.encode(c)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void capitalCedillaIsInTheBasicAlphabet() {
    assertThat(GsmAlphabet.canEncode("Ç")).isTrue();
  }

  @Test
  void brokenInputDecodesToSomethingRatherThanFailing() {
    // Not a septet; a trailing escape.
    assertThat(GsmAlphabet.decode(new byte[] {0x41, (byte) 0xE9, 0x42}, 0, 3)).isEqualTo("A?B");
    assertThat(GsmAlphabet.decode(new byte[] {0x41, 0x1B}, 0, 2)).isEqualTo("A?");
    // 03.38: an undefined extension code shows its basic character, a double escape a space.
    assertThat(GsmAlphabet.decode(new byte[] {0x1B, 0x41, 0x1B, 0x1B}, 0, 4)).isEqualTo("A ");
    assertThat(GsmAlphabet.decode(new byte[] {0x1B, (byte) 0x9B}, 0, 2)).isEqualTo("?");
    // A length past the end reads what there is.
    assertThat(GsmAlphabet.decode(new byte[] {0x41}, 0, 5)).isEqualTo("A");
  }
}
