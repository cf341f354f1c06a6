package dev.relais.dispatch.receipt;

import dev.relais.dispatch.BoundedMap;
import dev.relais.dispatch.receipt.DeliveryReceiptMatcher.Outcome;
import dev.relais.dispatch.receipt.DeliveryReceiptMatcher.Receipt;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns the receipts of a concatenated message's parts (each part has its own SMSC id and receipt)
 * into one outcome for the message: DELIVERED once every part is delivered, UNDELIVERED once every
 * part is final and one of them failed (with the first failed part's error code).
 *
 * <p>Held in memory, bounded: after a restart the parts already received are forgotten and such a
 * message gets no receipt event (analytics keeps it as submitted).
 */
public final class MultipartReceipts {

  /**
   * The outcome of a whole message, with the state word and error code of the receipt that decided
   * it (the first failed part's, else the last part's).
   */
  public record Combined(Outcome outcome, String state, int errorCode) {}

  private static final class Parts {
    final Receipt[] receipts;
    int known;

    Parts(int parts) {
      receipts = new Receipt[parts];
    }
  }

  private final BoundedMap<UUID, Parts> open;

  public MultipartReceipts(int maxOpenMessages) {
    this.open = new BoundedMap<>(maxOpenMessages);
  }

  /**
   * Records the final receipt of one part; returns the message's outcome when this receipt was the
   * last one missing. A repeated receipt for a part replaces the earlier one.
   */
  public synchronized Optional<Combined> record(SentMessage part, Receipt receipt) {
    if (part.parts() <= 1) {
      return Optional.of(new Combined(receipt.outcome(), receipt.stat(), receipt.errorCode()));
    }
    int index = part.part() - 1;
    if (index < 0 || index >= part.parts()) {
      return Optional.empty();
    }
    Parts parts = open.get(part.messageId());
    if (parts == null) {
      parts = new Parts(part.parts());
      open.put(part.messageId(), parts);
    }
    if (parts.receipts[index] == null) {
      parts.known++;
    }
    parts.receipts[index] = receipt;
    if (parts.known < parts.receipts.length) {
      return Optional.empty();
    }
    open.remove(part.messageId());
    for (Receipt r : parts.receipts) {
      if (r.outcome() != Outcome.DELIVERED) {
        return Optional.of(new Combined(Outcome.UNDELIVERED, r.stat(), r.errorCode()));
      }
    }
    return Optional.of(new Combined(Outcome.DELIVERED, receipt.stat(), 0));
  }
}
