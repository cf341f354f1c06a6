package dev.relais.dispatch.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.sms.text.SmsEncoding;
import dev.relais.sms.text.SmsParts;
import dev.relais.smsc.text.ShortMessageText;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Choice of data_coding, GSM-7 octets and concatenation headers. */
class EncodedMessageTest {

  @Test
  void aFrenchTextInTheGsmAlphabetIsSentAsGsm7WithOneOctetPerSeptet() {
    EncodedMessage message = EncodedMessage.of("Bonjour à tous, -20% sur tout ! STOP 36180", 7);
    assertThat(message.encoding()).isEqualTo(SmsEncoding.GSM_7);
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
  void aTextWithACharacterOutsideGsm7IsSentAsUcs2() {
    EncodedMessage message = EncodedMessage.of("Привет ç", 0);
    assertThat(message.encoding()).isEqualTo(SmsEncoding.UCS_2);
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

  @Test
  void aTextOfMoreThan255PartsIsRefused() {
    assertThatThrownBy(() -> EncodedMessage.of("z".repeat(153 * 255 + 1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 255 parts");
    assertThat(EncodedMessage.of("z".repeat(153 * 255), 1).parts()).isEqualTo(255);
  }

  /**
   * The parts sent are the parts the scheduler counted and priced (both are sms-rules' SmsParts),
   * and a handset reassembles the text from them, each part decoding on its own.
   */
  @ParameterizedTest
  @MethodSource("dev.relais.sms.text.SmsPartsExamples#texts")
  void sendsThePartsTheSchedulerCounted(String text, int parts) {
    EncodedMessage message = EncodedMessage.of(text, 9);

    assertThat(message.parts()).isEqualTo(parts).isEqualTo(SmsParts.of(text).parts());
    StringBuilder reassembled = new StringBuilder();
    for (byte[] octets : message.shortMessages()) {
      reassembled.append(
          ShortMessageText.decode(
                  message.encoding().dataCoding(),
                  message.esmClass(),
                  octets,
                  0,
                  octets.length,
                  Optional.empty())
              .text());
    }
    String lonesReplaced = text.replaceAll("\\p{Cs}", "\uFFFD");
    assertThat(reassembled.toString()).isEqualTo(lonesReplaced);
  }
}
