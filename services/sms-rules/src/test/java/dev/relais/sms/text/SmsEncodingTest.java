package dev.relais.sms.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsEncodingTest {

  @Test
  void plainFrenchWithGsmAccentsIsGsm7DataCodingZero() {
    SmsEncoding encoding =
        SmsEncoding.of("Bonjour Hélène, -20% à Orléans où vous serez. STOP 36111");
    assertThat(encoding).isEqualTo(SmsEncoding.GSM_7);
    assertThat(encoding.dataCoding()).isZero();
    assertThat(SmsEncoding.GSM_7.encode("Bonjour à"))
        .containsExactly('B', 'o', 'n', 'j', 'o', 'u', 'r', ' ', 0x7F);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ç", "ê", "â", "œ", "Ç ç", "😀", "ы", "’", "\uD83D"})
  void oneCharacterOutsideTheAlphabetMakesTheWholeTextUcs2(String text) {
    assertThat(SmsEncoding.of("Merci " + text)).isEqualTo(SmsEncoding.UCS_2);
    assertThat(SmsEncoding.UCS_2.dataCoding()).isEqualTo(8);
  }

  @Test
  void ucs2IsUtf16BigEndianWithSurrogatePairsKept() {
    String text = "Привет ç 😀";
    assertThat(SmsEncoding.UCS_2.encode(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_16BE));
    assertThat(SmsEncoding.UCS_2.units(text, 0, text.length())).isEqualTo(text.length());
  }

  @Test
  void aLoneSurrogateIsSentAsTheReplacementCharacterInItsOneUnit() {
    String text = "a\uD83Db\uDE00\uDE00";
    byte[] octets = SmsEncoding.UCS_2.encode(text);
    assertThat(octets).hasSize(2 * text.length());
    assertThat(new String(octets, StandardCharsets.UTF_16BE)).isEqualTo("a\uFFFDb\uFFFD\uFFFD");
  }

  @Test
  void unitsAndOctetsOfARange() {
    assertThat(SmsEncoding.GSM_7.units("a€b", 0, 3)).isEqualTo(4);
    assertThat(SmsEncoding.GSM_7.octets("a€b", 1, 3)).isEqualTo(3);
    assertThat(SmsEncoding.UCS_2.units("aç😀", 0, 4)).isEqualTo(4);
    assertThat(SmsEncoding.UCS_2.octets("aç😀", 0, 4)).isEqualTo(8);
  }
}
