package dev.relais.scheduler.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.scheduler.encoding.SmsEncoding.Analysis;
import dev.relais.scheduler.encoding.SmsEncoding.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsEncodingTest {

  @Test
  void plainFrenchWithGsmAccentsStaysGsm7() {
    Analysis a = SmsEncoding.analyze("Bonjour Hélène, -20% à Orléans où vous serez. STOP 36111");

    assertThat(a.encoding()).isEqualTo(Encoding.GSM_7);
    assertThat(a.parts()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ç", "ê", "â", "œ", "Ç ç", "😀", "ы", "’"})
  void charactersOutsideTheAlphabetSwitchToUcs2(String text) {
    assertThat(SmsEncoding.analyze("Merci " + text).encoding()).isEqualTo(Encoding.UCS_2);
  }

  @Test
  void capitalCedillaIsInTheBasicAlphabet() {
    assertThat(SmsEncoding.isGsm7("Ç")).isTrue();
  }

  @Test
  void everyExtensionCharacterCountsDouble() {
    String extension = "€[]{}^~\\|\f";
    assertThat(SmsEncoding.analyze(extension).units()).isEqualTo(20);
    assertThat(SmsEncoding.analyze(extension).encoding()).isEqualTo(Encoding.GSM_7);
  }

  @Test
  void fullBasicAlphabetIsOneSeptetEach() {
    String basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    Analysis a = SmsEncoding.analyze(basic);

    assertThat(a.encoding()).isEqualTo(Encoding.GSM_7);
    assertThat(a.units()).isEqualTo(basic.length()).isEqualTo(127);
  }

  @Test
  void gsm7SingleMessageHolds160Septets() {
    assertThat(SmsEncoding.analyze("a".repeat(160)).parts()).isEqualTo(1);
    assertThat(SmsEncoding.analyze("a".repeat(161)).parts()).isEqualTo(2);
  }

  @Test
  void gsm7ConcatenatedPartsHold153Septets() {
    Analysis a = SmsEncoding.analyze("a".repeat(306));
    assertThat(a.parts()).isEqualTo(2);
    assertThat(a.partTexts()).extracting(String::length).containsExactly(153, 153);
    assertThat(SmsEncoding.analyze("a".repeat(307)).parts()).isEqualTo(3);
  }

  @Test
  void extensionCharactersCanPushAMessageIntoTwoParts() {
    assertThat(SmsEncoding.analyze("a".repeat(158) + "€").parts()).isEqualTo(1);
    assertThat(SmsEncoding.analyze("a".repeat(159) + "€").parts()).isEqualTo(2);
  }

  @Test
  void anExtensionPairIsNeverSplitAcrossParts() {
    // 152 septets, then € (2 septets) would straddle the 153 boundary: it moves to part two.
    Analysis a = SmsEncoding.analyze("a".repeat(152) + "€" + "b".repeat(10));

    assertThat(a.parts()).isEqualTo(2);
    assertThat(a.partTexts().get(0)).isEqualTo("a".repeat(152));
    assertThat(a.partTexts().get(1)).isEqualTo("€" + "b".repeat(10));
  }

  @Test
  void ucs2SingleMessageHolds70CodeUnitsAndPartsHold67() {
    assertThat(SmsEncoding.analyze("ç".repeat(70)).parts()).isEqualTo(1);
    Analysis a = SmsEncoding.analyze("ç".repeat(71));
    assertThat(a.parts()).isEqualTo(2);
    assertThat(a.partTexts()).extracting(String::length).containsExactly(67, 4);
    assertThat(SmsEncoding.analyze("ç".repeat(134)).parts()).isEqualTo(2);
    assertThat(SmsEncoding.analyze("ç".repeat(135)).parts()).isEqualTo(3);
  }

  @Test
  void emojiCountsTwoCodeUnits() {
    Analysis a = SmsEncoding.analyze("😀".repeat(35));
    assertThat(a.units()).isEqualTo(70);
    assertThat(a.parts()).isEqualTo(1);
    assertThat(SmsEncoding.analyze("😀".repeat(35) + "a").parts()).isEqualTo(2);
  }

  @Test
  void aSurrogatePairIsNeverSplitAcrossParts() {
    // 66 units, then an emoji (2 units) would straddle the 67 boundary: it moves to part two.
    Analysis a = SmsEncoding.analyze("ç".repeat(66) + "😀" + "x".repeat(10));

    assertThat(a.parts()).isEqualTo(2);
    assertThat(a.partTexts().get(0)).isEqualTo("ç".repeat(66));
    assertThat(a.partTexts().get(1)).isEqualTo("😀" + "x".repeat(10));
  }

  @Test
  void partsReassembleToTheOriginalText() {
    String text = ("Offre {spéciale} à 10€ 😀 ").repeat(20);
    Analysis a = SmsEncoding.analyze(text);

    assertThat(String.join("", a.partTexts())).isEqualTo(text);
    assertThat(a.partTexts()).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(67));
  }

  @Test
  void gsm7PartsNeverExceed153Septets() {
    String text = "€a".repeat(200);
    Analysis a = SmsEncoding.analyze(text);

    assertThat(a.partTexts())
        .allSatisfy(p ->
            assertThat(p.chars().map(c -> SmsEncoding.septets((char) c)).sum())
                .isLessThanOrEqualTo(153));
    assertThat(String.join("", a.partTexts())).isEqualTo(text);
    assertThat(a.units()).isEqualTo(600);
    assertThat(a.parts()).isEqualTo(4);
  }

  @Test
  void emptyTextIsOnePart() {
    Analysis a = SmsEncoding.analyze("");
    assertThat(a.encoding()).isEqualTo(Encoding.GSM_7);
    assertThat(a.parts()).isEqualTo(1);
    assertThat(a.units()).isZero();
  }
}
