package dev.relais.dispatch.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Choice of data_coding, GSM-7 octets and concatenation headers. */
class EncodedMessageTest {

  @Test
  void aFrenchTextInTheGsmAlphabetIsSentAsGsm7WithOneOctetPerSeptet() {
    EncodedMessage message = EncodedMessage.of("Bonjour à tous, -20% sur tout ! STOP 36180", 7);
    assertThat(message.encoding()).isEqualTo(MessageEncoding.GSM7);
    assertThat(message.encoding().dataCoding()).isZero();
    assertThat(message.parts()).isEqualTo(1);
    assertThat(message.esmClass()).isZero();
    byte[] octets = message.shortMessages().get(0);
    assertThat(octets[0]).isEqualTo((byte) 'B');
    assertThat(octets[8]).isEqualTo((byte) 0x7F); // à
  }

  @Test
  void extensionCharactersAreEscaped() {
    byte[] octets = EncodedMessage.of("5€", 0).shortMessages().get(0);
    assertThat(octets).containsExactly('5', 0x1B, 0x65);
  }

  @Test
  void gsmEncodingRoundTripsThroughTheDecoder() {
    String text =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./09:;<=>?¡AZÄÖÑÜ§¿azäöñüà^{}\\[~]|€";
    byte[] octets = GsmAlphabet.encode(text);
    assertThat(GsmAlphabet.decode(octets, 0, octets.length)).isEqualTo(text);
  }

  @Test
  void aTextWithACharacterOutsideGsm7IsSentAsUcs2() {
    EncodedMessage message = EncodedMessage.of("Привет ç", 0);
    assertThat(message.encoding()).isEqualTo(MessageEncoding.UCS2);
    assertThat(message.encoding().dataCoding()).isEqualTo(8);
    assertThat(new String(message.shortMessages().get(0), StandardCharsets.UTF_16BE))
        .isEqualTo("Привет ç");
  }

  @Test
  void partsOfAConcatenatedMessageShareOneReferenceAndAreNumbered() {
    EncodedMessage message = EncodedMessage.of("z".repeat(400), 0x1A5);
    assertThat(message.parts()).isEqualTo(3);
    assertThat(message.esmClass()).isEqualTo(0x40);
    for (int i = 0; i < 3; i++) {
      byte[] octets = message.shortMessages().get(i);
      assertThat(Arrays.copyOf(octets, 6))
          .containsExactly(0x05, 0x00, 0x03, 0xA5, 3, i + 1); // reference keeps its low 8 bits
    }
    assertThat(message.shortMessages().get(0)).hasSize(6 + 153);
    assertThat(message.shortMessages().get(2)).hasSize(6 + 400 - 2 * 153);
  }

  @Test
  void ucs2PartsCarry67UnitsAfterTheHeader() {
    EncodedMessage message = EncodedMessage.of("ы".repeat(71), 1);
    assertThat(message.parts()).isEqualTo(2);
    assertThat(message.shortMessages().get(0)).hasSize(6 + 67 * 2);
  }
}
