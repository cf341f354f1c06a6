package dev.relais.smsc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.smsc.text.ConcatPart;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageReassemblerTest {

  private static SubmittedMessage message(String text, ConcatPart part) {
    return new SubmittedMessage(
        "id",
        "relais",
        "RELAIS",
        "33612345678",
        text,
        0,
        part == null ? 0 : 0x40,
        1,
        Instant.EPOCH,
        Optional.ofNullable(part),
        DeliveryOutcome.DELIVERED);
  }

  @Test
  void joinsPartsInPartOrderWhateverTheArrivalOrder() {
    List<String> texts =
        MessageReassembler.texts(
            List.of(
                message("single", null),
                message("world", new ConcatPart(9, 2, 2)),
                message("hello ", new ConcatPart(9, 1, 2))));
    assertThat(texts).containsExactly("single", "hello world");
  }

  @Test
  void marksMissingParts() {
    List<String> texts = MessageReassembler.texts(List.of(message("a", new ConcatPart(1, 1, 3))));
    assertThat(texts).containsExactly("a[part 2 missing][part 3 missing]");
  }

  @Test
  void toStringMasksPhoneNumbersAndText() {
    String shown = message("secret offer", null).toString();
    assertThat(shown).doesNotContain("33612345678").doesNotContain("secret").contains("***78");
  }
}
