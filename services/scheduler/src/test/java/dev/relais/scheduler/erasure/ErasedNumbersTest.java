package dev.relais.scheduler.erasure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErasedNumbersTest {

  @Test
  void distinctE164NumbersAreKeptInOrder() {
    assertThat(ErasedNumbers.of(List.of("+33612345678", " +447700900123 ", "+33612345678")))
        .containsExactly("+33612345678", "+447700900123");
  }

  @Test
  void aNumberNotInE164IsRefusedWithoutBeingQuoted() {
    assertThatThrownBy(() -> ErasedNumbers.of(List.of("+33612345678", "0612345678")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("phones[1]")
        .hasMessageNotContaining("0612345678");
    assertThatThrownBy(() -> ErasedNumbers.of(List.of("+0612345678")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ErasedNumbers.of(List.of("")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEmptyOrOversizedRequestIsRefused() {
    assertThatThrownBy(() -> ErasedNumbers.of(List.of())).hasMessageContaining("at least one");
    List<String> many = new ArrayList<>();
    for (int i = 0; i <= ErasedNumbers.MAX; i++) {
      many.add("+3361234" + String.format("%04d", i));
    }
    assertThatThrownBy(() -> ErasedNumbers.of(many)).hasMessageContaining("at most 1000");
    assertThat(ErasedNumbers.of(many.subList(0, ErasedNumbers.MAX))).hasSize(ErasedNumbers.MAX);
  }

  @Test
  void theNumberOfAnExportIsCheckedTheSameWay() {
    assertThat(ErasedNumbers.one(" +33612345678 ")).isEqualTo("+33612345678");
    assertThatThrownBy(() -> ErasedNumbers.one("06 12 34 56 78"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("phone:")
        .hasMessageNotContaining("12 34");
    assertThatThrownBy(() -> ErasedNumbers.one(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
