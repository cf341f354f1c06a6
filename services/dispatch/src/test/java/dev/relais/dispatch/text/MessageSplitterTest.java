package dev.relais.dispatch.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting texts into concatenated parts without cutting any character. */
class MessageSplitterTest {

  @Test
  void aGsmTextOfUpTo160SeptetsStaysOnePart() {
    String text = "a".repeat(160);
    assertThat(MessageSplitter.split(text, MessageEncoding.GSM7)).containsExactly(text);
  }

  @Test
  void aGsmTextOf161SeptetsTakesTwoPartsOf153AndTheRest() {
    String text = "b".repeat(161);
    List<String> parts = MessageSplitter.split(text, MessageEncoding.GSM7);
    assertThat(parts).extracting(String::length).containsExactly(153, 8);
    assertThat(String.join("", parts)).isEqualTo(text);
  }

  @Test
  void extensionCharactersCountDoubleTowardTheSinglePartLimit() {
    String fits = "€".repeat(80); // 160 septets
    assertThat(MessageSplitter.split(fits, MessageEncoding.GSM7)).hasSize(1);
    String overflows = "€".repeat(80) + "x"; // 161 septets
    assertThat(MessageSplitter.split(overflows, MessageEncoding.GSM7)).hasSize(2);
  }

  @Test
  void anEscapePairIsNeverSplitAcrossParts() {
    // 152 plain septets then '[' (2 septets): the pair would straddle 153, so it moves on.
    String text = "c".repeat(152) + "[" + "d".repeat(20);
    List<String> parts = MessageSplitter.split(text, MessageEncoding.GSM7);
    assertThat(parts.get(0)).isEqualTo("c".repeat(152));
    assertThat(parts.get(1)).startsWith("[");
    for (String part : parts) {
      assertThat(MessageEncoding.GSM7.length(part)).isLessThanOrEqualTo(153);
    }
    assertThat(String.join("", parts)).isEqualTo(text);
  }

  @Test
  void aUcs2TextOfUpTo70UnitsStaysOnePartAndLongerOnesTake67PerPart() {
    assertThat(MessageSplitter.split("é".repeat(70), MessageEncoding.UCS2)).hasSize(1);
    List<String> parts = MessageSplitter.split("Ж".repeat(140), MessageEncoding.UCS2);
    assertThat(parts).extracting(String::length).containsExactly(67, 67, 6);
  }

  @Test
  void aSurrogatePairIsNeverSplitAcrossParts() {
    String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
    String text = "x".repeat(66) + emoji + "y".repeat(10);
    List<String> parts = MessageSplitter.split(text, MessageEncoding.UCS2);
    assertThat(parts.get(0)).isEqualTo("x".repeat(66));
    assertThat(parts.get(1)).startsWith(emoji);
    assertThat(String.join("", parts)).isEqualTo(text);
  }

  @Test
  void everyPartOfALongMixedTextRespectsItsCapacity() {
    String text = ("Soldes -50% sur [tout] le rayon {hiver} ~ € ".repeat(20));
    List<String> parts = MessageSplitter.split(text, MessageEncoding.GSM7);
    assertThat(parts).hasSizeGreaterThan(1);
    parts.forEach(p -> assertThat(MessageEncoding.GSM7.length(p)).isBetween(1, 153));
    assertThat(String.join("", parts)).isEqualTo(text);
  }

  @Test
  void aTextThatIsNotGsmCannotBeSplitAsGsm() {
    assertThatThrownBy(() -> MessageSplitter.split("Ж".repeat(200), MessageEncoding.GSM7))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
