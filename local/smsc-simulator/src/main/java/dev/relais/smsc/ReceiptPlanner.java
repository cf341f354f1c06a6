package dev.relais.smsc;

/**
 * Decides, from the seed and the message's sequence number alone, each accepted message's outcome,
 * its receipt delay, and whether a receipt is sent at all.
 */
final class ReceiptPlanner {

  /** registered_delivery bits 0-1: 01 = receipt on success or failure, 10 = on failure only. */
  private static final int RECEIPT_MASK = 0x03;

  private static final int RECEIPT_ALWAYS = 0x01;
  private static final int RECEIPT_ON_FAILURE = 0x02;

  private final OutcomeMix mix;
  private final long minDelayMillis;
  private final long delaySpanMillis;
  private final long seed;
  private final boolean honourRegisteredDelivery;

  ReceiptPlanner(SmscSimulatorConfig config) {
    this(
        config.outcomeMix(),
        config.dlrDelayMin().toMillis(),
        config.dlrDelayMax().toMillis(),
        config.seed(),
        config.honourRegisteredDelivery());
  }

  ReceiptPlanner(
      OutcomeMix mix,
      long minDelayMillis,
      long maxDelayMillis,
      long seed,
      boolean honourRegisteredDelivery) {
    this.mix = mix;
    this.minDelayMillis = minDelayMillis;
    this.delaySpanMillis = maxDelayMillis - minDelayMillis;
    this.seed = seed;
    this.honourRegisteredDelivery = honourRegisteredDelivery;
  }

  /** The outcome of the message accepted {@code sequence}-th (0-based). */
  DeliveryOutcome outcomeOf(long sequence) {
    return mix.pick(SimulationRandom.unit(seed, sequence, SimulationRandom.OUTCOME_STREAM));
  }

  /** Milliseconds between the submit_sm_resp and the receipt of that message. */
  long delayMillisOf(long sequence) {
    if (delaySpanMillis == 0) {
      return minDelayMillis;
    }
    double u = SimulationRandom.unit(seed, sequence, SimulationRandom.DELAY_STREAM);
    return minDelayMillis + (long) (u * (delaySpanMillis + 1));
  }

  /** Whether the ESME gets a receipt for a message with this registered_delivery and outcome. */
  boolean receiptWanted(int registeredDelivery, DeliveryOutcome outcome) {
    if (!honourRegisteredDelivery) {
      return true;
    }
    int request = registeredDelivery & RECEIPT_MASK;
    return request == RECEIPT_ALWAYS || (request == RECEIPT_ON_FAILURE && !outcome.isDelivered());
  }
}
