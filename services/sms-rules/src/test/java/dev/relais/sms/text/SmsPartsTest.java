package dev.relais.sms.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Where texts split into parts, and that no character is ever cut. */
class SmsPartsTest {

  private static final String EMOJI = "\uD83D\uDE00"; // one character, two UTF-16 units

  @Test
  void gsm7SingleMessageHolds160Septets() {
    assertThat(SmsParts.of("a".repeat(160)).parts()).isEqualTo(1);
    assertThat(SmsParts.of("a".repeat(160)).concatenated()).isFalse();
    SmsParts two = SmsParts.of("b".repeat(161));
    assertThat(two.partTexts()).extracting(String::length).containsExactly(153, 8);
    assertThat(two.concatenated()).isTrue();
  }

  @Test
  void gsm7ConcatenatedPartsHold153Septets() {
    SmsParts parts = SmsParts.of("a".repeat(306));
    assertThat(parts.partTexts()).extracting(String::length).containsExactly(153, 153);
    assertThat(SmsParts.of("a".repeat(307)).parts()).isEqualTo(3);
  }

  @Test
  void extensionCharactersCountDoubleTowardTheSinglePartLimit() {
    assertThat(SmsParts.of("€".repeat(80)).parts()).isEqualTo(1);
    assertThat(SmsParts.of("€".repeat(80)).units()).isEqualTo(160);
    assertThat(SmsParts.of("€".repeat(80) + "x").parts()).isEqualTo(2);
    assertThat(SmsParts.of("a".repeat(158) + "€").parts()).isEqualTo(1);
    assertThat(SmsParts.of("a".repeat(159) + "€").parts()).isEqualTo(2);
  }

  @Test
  void anExtensionPairIsNeverSplitAcrossParts() {
    // 152 septets, then [ (2 septets) would straddle the 153 boundary: it moves to part two.
    SmsParts parts = SmsParts.of("a".repeat(152) + "[" + "b".repeat(10));

    assertThat(parts.partTexts()).containsExactly("a".repeat(152), "[" + "b".repeat(10));
    assertThat(parts.start(1)).isEqualTo(152);
    assertThat(parts.end(0)).isEqualTo(152);
  }

  @Test
  void ucs2SingleMessageHolds70CodeUnitsAndPartsHold67() {
    assertThat(SmsParts.of("ç".repeat(70)).parts()).isEqualTo(1);
    assertThat(SmsParts.of("ç".repeat(71)).partTexts())
        .extracting(String::length)
        .containsExactly(67, 4);
    assertThat(SmsParts.of("Ж".repeat(140)).partTexts())
        .extracting(String::length)
        .containsExactly(67, 67, 6);
    assertThat(SmsParts.of("ç".repeat(134)).parts()).isEqualTo(2);
    assertThat(SmsParts.of("ç".repeat(135)).parts()).isEqualTo(3);
  }

  @Test
  void anEmojiCountsTwoCodeUnits() {
    SmsParts parts = SmsParts.of(EMOJI.repeat(35));
    assertThat(parts.units()).isEqualTo(70);
    assertThat(parts.parts()).isEqualTo(1);
    assertThat(SmsParts.of(EMOJI.repeat(35) + "a").parts()).isEqualTo(2);
  }

  @Test
  void aSurrogatePairIsNeverSplitAcrossParts() {
    // 66 units, then an emoji (2 units) would straddle the 67 boundary: it moves to part two.
    SmsParts parts = SmsParts.of("x".repeat(66) + EMOJI + "y".repeat(10));

    assertThat(parts.partTexts()).containsExactly("x".repeat(66), EMOJI + "y".repeat(10));
  }

  @Test
  void aLoneHighSurrogateAtTheBoundaryIsOneUnitAndEndsThePart() {
    // Not a pair: the high surrogate is followed by 'y'. It is one unit, so part one is full at 67
    // and 'y' starts part two; counting it as a pair would push it on and make a third part.
    String text = "x".repeat(66) + "\uD83D" + "y" + "z".repeat(66);

    SmsParts parts = SmsParts.of(text);

    assertThat(parts.partTexts()).containsExactly("x".repeat(66) + "\uD83D", "y" + "z".repeat(66));
  }

  @Test
  void aLoneLowSurrogateAtTheBoundaryIsOneUnitToo() {
    String text = "x".repeat(66) + "\uDE00" + "y".repeat(67);

    assertThat(SmsParts.of(text).partTexts())
        .containsExactly("x".repeat(66) + "\uDE00", "y".repeat(67));
  }

  @Test
  void aHighSurrogateEndingTheTextIsOneUnit() {
    String text = "x".repeat(70) + "\uD83D";
    SmsParts parts = SmsParts.of(text);
    assertThat(parts.units()).isEqualTo(71);
    assertThat(parts.partTexts()).containsExactly("x".repeat(67), "xxx\uD83D");
  }

  @Test
  void partsReassembleToTheOriginalTextAndRespectTheirRoom() {
    for (String text :
        List.of(
            ("Offre {spéciale} à 10€ 😀 ").repeat(20),
            "Soldes -50% sur [tout] le rayon {hiver} ~ € ".repeat(20),
            "€a".repeat(200),
            ("x\uD83D" + EMOJI + "\uDE00").repeat(40))) {
      SmsParts parts = SmsParts.of(text);
      assertThat(String.join("", parts.partTexts())).isEqualTo(text);
      int room = parts.encoding().concatenatedPartCapacity();
      for (int i = 0; i < parts.parts(); i++) {
        int units = parts.encoding().units(text, parts.start(i), parts.end(i));
        boolean last = i + 1 == parts.parts();
        assertThat(units).as("part %d of %s", i, parts).isBetween(last ? 1 : room - 1, room);
        if (!last) {
          char before = text.charAt(parts.end(i) - 1);
          char after = text.charAt(parts.end(i));
          assertThat(Character.isHighSurrogate(before) && Character.isLowSurrogate(after))
              .as("a pair cut at %d", parts.end(i))
              .isFalse();
        }
      }
    }
  }

  @Test
  void gsm7TextOfExtensionCharactersTakesAsManyPartsAsItsSeptetsNeed() {
    SmsParts parts = SmsParts.of("€a".repeat(200));
    assertThat(parts.units()).isEqualTo(600);
    assertThat(parts.parts()).isEqualTo(4);
  }

  @ParameterizedTest
  @MethodSource("dev.relais.sms.text.SmsPartsExamples#texts")
  void textsWhosePartsAreEasyToMiscount(String text, int parts) {
    assertThat(SmsParts.of(text).parts()).isEqualTo(parts);
  }

  @Test
  void emptyTextIsOnePart() {
    SmsParts parts = SmsParts.of("");
    assertThat(parts.encoding()).isEqualTo(SmsEncoding.GSM_7);
    assertThat(parts.parts()).isEqualTo(1);
    assertThat(parts.units()).isZero();
    assertThat(parts.partTexts()).containsExactly("");
  }
}
