package dev.relais.dispatch.receipt;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Finds the message an SMSC id belongs to; {@link CorrelationStore} in the service. */
@FunctionalInterface
public interface CorrelationLookup {

  /** Tries each canonical key in turn; empty when none is known. */
  CompletionStage<Optional<SentMessage>> find(List<String> keys);
}
