package dev.relais.dispatch.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.dispatch.receipt.DeliveryReceiptMatcher.Outcome;
import dev.relais.dispatch.receipt.DeliveryReceiptMatcher.Receipt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One outcome per message out of its parts' receipts. */
class MultipartReceiptsTest {

  private final MultipartReceipts receipts = new MultipartReceipts(100);
  private final UUID message = UUID.randomUUID();

  private SentMessage part(int part, int parts) {
    return new SentMessage(message, "ns/c", "A", part, parts);
  }

  private static Receipt receipt(Outcome outcome, int err) {
    return new Receipt("x", outcome.name(), outcome, err);
  }

  @Test
  void aSinglePartMessageIsDecidedByItsOnlyReceipt() {
    assertThat(receipts.record(part(1, 1), receipt(Outcome.UNDELIVERED, 4)))
        .contains(new MultipartReceipts.Combined(Outcome.UNDELIVERED, "UNDELIVERED", 4));
  }

  @Test
  void aMessageIsDeliveredOnceEveryPartIs() {
    assertThat(receipts.record(part(2, 3), receipt(Outcome.DELIVERED, 0))).isEmpty();
    assertThat(receipts.record(part(1, 3), receipt(Outcome.DELIVERED, 0))).isEmpty();
    assertThat(receipts.record(part(1, 3), receipt(Outcome.DELIVERED, 0))).isEmpty(); // repeat
    assertThat(receipts.record(part(3, 3), receipt(Outcome.DELIVERED, 0)))
        .contains(new MultipartReceipts.Combined(Outcome.DELIVERED, "DELIVERED", 0));
  }

  @Test
  void oneFailedPartMakesTheMessageUndelivered() {
    assertThat(receipts.record(part(1, 2), receipt(Outcome.DELIVERED, 0))).isEmpty();
    assertThat(receipts.record(part(2, 2), receipt(Outcome.UNDELIVERED, 11)))
        .contains(new MultipartReceipts.Combined(Outcome.UNDELIVERED, "UNDELIVERED", 11));
  }

  @Test
  void aFailedFirstPartDecidesEvenWhenTheLastReceiptIsADeliveredPart() {
    assertThat(receipts.record(part(1, 2), new Receipt("x", "EXPIRED", Outcome.UNDELIVERED, 12)))
        .isEmpty();
    assertThat(receipts.record(part(2, 2), receipt(Outcome.DELIVERED, 0)))
        .contains(new MultipartReceipts.Combined(Outcome.UNDELIVERED, "EXPIRED", 12));
  }

  @Test
  void aPartNumberOutOfRangeIsIgnored() {
    assertThat(receipts.record(part(4, 3), receipt(Outcome.DELIVERED, 0))).isEmpty();
    assertThat(receipts.record(part(0, 3), receipt(Outcome.DELIVERED, 0))).isEmpty();
  }
}
