package dev.relais.dispatch.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.dispatch.receipt.DeliveryReceiptMatcher.Outcome;
import dev.relais.dispatch.receipt.DeliveryReceiptMatcher.Receipt;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing receipts and mapping their status to outcomes. */
class DeliveryReceiptMatcherTest {

  private static final String STANDARD =
      "id:64d9a2f0c107b sub:001 dlvrd:001 submit date:2611221015 done date:2611221016"
          + " stat:DELIVRD err:000 text:Bonjour Marie, -20%";

  @Test
  void theStandardTextGivesIdStatusAndError() {
    Receipt receipt = DeliveryReceiptMatcher.parse(STANDARD, null, null, null).orElseThrow();
    assertThat(receipt.smscId()).isEqualTo("64d9a2f0c107b");
    assertThat(receipt.stat()).isEqualTo("DELIVRD");
    assertThat(receipt.outcome()).isEqualTo(Outcome.DELIVERED);
    assertThat(receipt.errorCode()).isZero();
    assertThat(receipt.isFinal()).isTrue();
    assertThat(receipt.lookupKeys()).startsWith("64d9a2f0c107b");
  }

  @ParameterizedTest
  @CsvSource({
    "DELIVRD, DELIVERED",
    "delivrd, DELIVERED",
    "DELIVERED, DELIVERED",
    "UNDELIV, UNDELIVERED",
    "UNDELIVERABLE, UNDELIVERED",
    "REJECTD, UNDELIVERED",
    "EXPIRED, UNDELIVERED",
    "DELETED, UNDELIVERED",
    "UNKNOWN, UNDELIVERED",
    "ENROUTE, PENDING",
    "ACCEPTD, PENDING",
    "SCHEDULED, PENDING"
  })
  void statusWordsMapToOutcomes(String stat, Outcome outcome) {
    String text =
        "id:1 sub:001 dlvrd:000 submit date:2611221015 done date:2611221016 stat:"
            + stat
            + " err:001 text:";
    assertThat(DeliveryReceiptMatcher.parse(text, null, null, null))
        .map(Receipt::outcome)
        .contains(outcome);
  }

  @Test
  void theReceiptedMessageIdTlvWinsOverTheTextId() {
    Receipt receipt =
        DeliveryReceiptMatcher.parse(STANDARD, "00064D9A2F0C107B", null, null).orElseThrow();
    assertThat(receipt.smscId()).isEqualTo("00064D9A2F0C107B");
    assertThat(receipt.lookupKeys()).contains("64d9a2f0c107b");
  }

  @Test
  void withoutTextTheTlvsSuffice() {
    Receipt receipt = DeliveryReceiptMatcher.parse("", "4711", 5, 34).orElseThrow();
    assertThat(receipt.smscId()).isEqualTo("4711");
    assertThat(receipt.stat()).isEqualTo("UNDELIV");
    assertThat(receipt.outcome()).isEqualTo(Outcome.UNDELIVERED);
    assertThat(receipt.errorCode()).isEqualTo(34);
    assertThat(DeliveryReceiptMatcher.parse(null, "4711", 2, null))
        .map(Receipt::outcome)
        .contains(Outcome.DELIVERED);
    assertThat(DeliveryReceiptMatcher.parse(null, "4711", 42, null))
        .map(Receipt::outcome)
        .contains(Outcome.UNDELIVERED);
  }

  @Test
  void theTextStatWinsOverTheMessageStateTlv() {
    assertThat(DeliveryReceiptMatcher.parse(STANDARD, null, 5, null))
        .map(Receipt::outcome)
        .contains(Outcome.DELIVERED);
  }

  @Test
  void wordsInsideTheQuotedMessageAreNotTakenForFields() {
    String text =
        "id:77 sub:001 dlvrd:000 submit date:2611221015 done date:2611221016"
            + " stat:UNDELIV err:005 text:stat:DELIVRD id:99";
    Receipt receipt = DeliveryReceiptMatcher.parse(text, null, null, null).orElseThrow();
    assertThat(receipt.smscId()).isEqualTo("77");
    assertThat(receipt.outcome()).isEqualTo(Outcome.UNDELIVERED);
    assertThat(receipt.errorCode()).isEqualTo(5);
  }

  @Test
  void fieldsAreFoundWhateverTheirCaseAndOrder() {
    String text = "ID:AbC12 Stat:REJECTD Err:0B1 Sub:001 Dlvrd:000";
    Receipt receipt = DeliveryReceiptMatcher.parse(text, null, null, null).orElseThrow();
    assertThat(receipt.smscId()).isEqualTo("AbC12");
    assertThat(receipt.stat()).isEqualTo("REJECTD");
    assertThat(receipt.errorCode()).isEqualTo(0x0B1);
  }

  @Test
  void aFieldNameInsideAWordOrWithoutAValueIsPassedOver() {
    String text = "xid:1 msgid:2 id: 3f0 sub:001 stat: 000 stat:\tDELIVRD nerr:9 err:";
    Receipt receipt = DeliveryReceiptMatcher.parse(text, null, null, 4).orElseThrow();
    assertThat(receipt.smscId()).isEqualTo("3f0"); // blanks after the colon are skipped
    assertThat(receipt.stat()).isEqualTo("DELIVRD"); // "000" is no status word
    assertThat(receipt.errorCode()).isEqualTo(4); // "nerr:" is another field, "err:" is empty
  }

  @Test
  void aTextFieldOpeningTheReceiptLeavesNoFields() {
    assertThat(DeliveryReceiptMatcher.parse("text:id:1 stat:DELIVRD", null, null, null)).isEmpty();
    assertThat(DeliveryReceiptMatcher.parse("TEXT: x", "7", 2, null))
        .map(Receipt::stat)
        .contains("DELIVRD");
  }

  @Test
  void onlyAsciiLettersMatchAFieldNameWhateverTheirCase() {
    // U+0131 (dotless i) and U+017F (long s) upper-case to I and S, but are not field names.
    String text = "\u0131d:1 \u017ftat:UNDELIV Id:2 sTaT:DELIVRD";
    Receipt receipt = DeliveryReceiptMatcher.parse(text, null, null, null).orElseThrow();
    assertThat(receipt.smscId()).isEqualTo("2");
    assertThat(receipt.stat()).isEqualTo("DELIVRD");
  }

  @Test
  void anErrorCodeMissingFromTheTextComesFromTheNetworkErrorTlv() {
    String text = "id:5 sub:001 dlvrd:000 stat:UNDELIV";
    assertThat(DeliveryReceiptMatcher.parse(text, null, null, 11))
        .map(Receipt::errorCode)
        .contains(11);
  }

  @Test
  void aReceiptWithoutIdOrStatusIsUnusable() {
    assertThat(DeliveryReceiptMatcher.parse("stat:DELIVRD err:000", null, null, null)).isEmpty();
    assertThat(DeliveryReceiptMatcher.parse("id:123 sub:001", null, null, null)).isEmpty();
    assertThat(DeliveryReceiptMatcher.parse("garbage \u0000\u00ff", null, null, null)).isEmpty();
    assertThat(DeliveryReceiptMatcher.parse(null, "  ", null, null)).isEqualTo(Optional.empty());
  }

  @Test
  void anAbsurdErrorFieldDoesNotBreakParsing() {
    String text = "id:5 stat:UNDELIV err:FFFFFFFFFFFF";
    assertThat(DeliveryReceiptMatcher.parse(text, null, null, 3))
        .map(Receipt::errorCode)
        .contains(3);
  }
}
