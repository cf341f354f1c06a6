package dev.relais.dispatch.receipt;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Finds the message an SMSC id belongs to; {@link CorrelationStore} in the service. */
@FunctionalInterface
public interface CorrelationLookup {

  /** Tries each canonical key in turn; empty when none is known. */
  CompletionStage<Optional<Match>> find(List<String> keys);

  /**
   * A known id.
   *
   * @param firstReceipt this dispatcher submitted the message and had not seen a final receipt for
   *     this id yet, so no dispatcher can have reported one
   */
  record Match(SentMessage sent, boolean firstReceipt) {}
}
