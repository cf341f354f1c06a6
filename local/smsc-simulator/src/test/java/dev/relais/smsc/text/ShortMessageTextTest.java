package dev.relais.smsc.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.sms.text.GsmAlphabet;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShortMessageTextTest {

  private static ShortMessageText decode(int dataCoding, int esmClass, byte[] payload) {
    return ShortMessageText.decode(
        dataCoding, esmClass, payload, 0, payload.length, Optional.empty());
  }

  @Test
  void dataCodingZeroIsGsm7() {
    assertThat(decode(0x00, 0, GsmAlphabet.encode("Prix: 10€ @boutique")).text())
        .isEqualTo("Prix: 10€ @boutique");
  }

  @Test
  void brokenGsm7ReadsAsDispatchReadsIt() {
    // sms-rules' GsmAlphabet, the decoder dispatch reads MOs with: a trailing escape is '?', an
    // undefined extension code its basic character.
    assertThat(decode(0x00, 0, new byte[] {'o', 'k', 0x1B}).text()).isEqualTo("ok?");
    assertThat(decode(0x00, 0, new byte[] {0x1B, 'A'}).text()).isEqualTo("A");
  }

  @Test
  void dataCodingThreeIsLatin1() {
    byte[] latin1 = "Réservé à ç".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(decode(0x03, 0, latin1).text()).isEqualTo("Réservé à ç");
  }

  @Test
  void dataCodingEightIsUcs2IncludingSurrogatePairs() {
    String text = "Привет 👋 ça";
    assertThat(decode(0x08, 0, text.getBytes(StandardCharsets.UTF_16BE)).text()).isEqualTo(text);
  }

  @Test
  void binaryDataCodingIsShownAsHex() {
    assertThat(decode(0x04, 0, new byte[] {0x01, (byte) 0xAB}).text()).isEqualTo("01ab");
  }

  @Test
  void gsmMessageClassGroupsFollowTheirAlphabetBit() {
    assertThat(Alphabet.of(0xF0)).isEqualTo(Alphabet.GSM7);
    assertThat(Alphabet.of(0xF4)).isEqualTo(Alphabet.BINARY);
    assertThat(Alphabet.of(0x18)).isEqualTo(Alphabet.UCS2);
    assertThat(Alphabet.of(0x11)).isEqualTo(Alphabet.GSM7);
  }

  @Test
  void udhWithEightBitReferenceGivesThePartAndIsStrippedFromText() {
    byte[] udh = {0x05, 0x00, 0x03, 0x2A, 0x03, 0x02};
    byte[] body = GsmAlphabet.encode("second part");
    ShortMessageText text = decode(0x00, ShortMessageText.ESM_UDHI, concat(udh, body));
    assertThat(text.text()).isEqualTo("second part");
    assertThat(text.part()).contains(new ConcatPart(0x2A, 2, 3));
  }

  @Test
  void udhWithSixteenBitReferenceInUcs2() {
    byte[] udh = {0x06, 0x08, 0x04, 0x12, 0x34, 0x02, 0x01};
    byte[] body = "Première".getBytes(StandardCharsets.UTF_16BE);
    ShortMessageText text = decode(0x08, ShortMessageText.ESM_UDHI, concat(udh, body));
    assertThat(text.text()).isEqualTo("Première");
    assertThat(text.part()).contains(new ConcatPart(0x1234, 1, 2));
  }

  @Test
  void udhWithoutConcatElementLeavesPartEmpty() {
    byte[] udh = {0x04, 0x24, 0x01, 0x00, 0x00};
    ShortMessageText text =
        decode(0x00, ShortMessageText.ESM_UDHI, concat(udh, GsmAlphabet.encode("hi")));
    assertThat(text.text()).isEqualTo("hi");
    assertThat(text.part()).isEmpty();
  }

  @Test
  void sarTlvsGiveThePartWhenThereIsNoUdh() {
    byte[] body = GsmAlphabet.encode("tail");
    ShortMessageText text =
        ShortMessageText.decode(
            0x00, 0, body, 0, body.length, Optional.of(new ConcatPart(7, 2, 2)));
    assertThat(text.part()).contains(new ConcatPart(7, 2, 2));
    assertThat(text.text()).isEqualTo("tail");
  }

  @Test
  void truncatedUdhYieldsEmptyTextInsteadOfFailing() {
    byte[] broken = {0x0A, 0x00, 0x03};
    ShortMessageText text = decode(0x00, ShortMessageText.ESM_UDHI, broken);
    assertThat(text.text()).isEmpty();
    assertThat(text.part()).isEmpty();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = new byte[a.length + b.length];
    System.arraycopy(a, 0, joined, 0, a.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }
}
