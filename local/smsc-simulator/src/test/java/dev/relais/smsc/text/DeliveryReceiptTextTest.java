package dev.relais.smsc.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeliveryReceiptTextTest {

  private static final Instant SUBMITTED = Instant.parse("2026-11-22T09:05:59Z");
  private static final Instant DONE = Instant.parse("2026-11-22T09:07:01Z");

  @Test
  void formatsTheStandardReceipt() {
    String receipt =
        DeliveryReceiptText.format(
            "64d9a2f0c107b", 1, 1, SUBMITTED, DONE, "DELIVRD", 0, "Bonjour Marie, -20%");
    assertThat(receipt)
        .isEqualTo(
            "id:64d9a2f0c107b sub:001 dlvrd:001 submit date:2611220905"
                + " done date:2611220907 stat:DELIVRD err:000 text:Bonjour Marie, -20%");
  }

  @Test
  void failedReceiptHasZeroDeliveredAndTheErrorCode() {
    String receipt = DeliveryReceiptText.format("42", 1, 0, SUBMITTED, DONE, "UNDELIV", 1, "x");
    assertThat(receipt).contains("sub:001 dlvrd:000").contains("stat:UNDELIV err:001 text:x");
  }

  @Test
  void textExcerptIsTwentyPrintableCharacters() {
    assertThat(DeliveryReceiptText.excerpt("Soldes d'hiver: jusqu'à -50% ce week-end"))
        .isEqualTo("Soldes d'hiver: jusq");
    assertThat(DeliveryReceiptText.excerpt("été\nà")).isEqualTo("?t???");
  }

  @Test
  void countersHaveThreeDigits() {
    assertThatThrownBy(
            () -> DeliveryReceiptText.format("1", 1000, 0, SUBMITTED, DONE, "DELIVRD", 0, ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
