package dev.relais.smsc;

/**
 * Fractions of accepted messages that end delivered, undeliverable and expired; they sum to 1.
 *
 * @param delivered fraction reported DELIVRD
 * @param undeliverable fraction reported UNDELIV
 * @param expired fraction reported EXPIRED
 */
public record OutcomeMix(double delivered, double undeliverable, double expired) {

  /** Every message delivered: the default. */
  public static final OutcomeMix ALL_DELIVERED = new OutcomeMix(1, 0, 0);

  private static final double TOLERANCE = 1e-6;

  /** Validates that fractions are in [0, 1] and add up to 1. */
  public OutcomeMix {
    requireFraction("delivered", delivered);
    requireFraction("undeliverable", undeliverable);
    requireFraction("expired", expired);
    double sum = delivered + undeliverable + expired;
    if (Math.abs(sum - 1.0) > TOLERANCE) {
      throw new IllegalArgumentException("outcome fractions must add up to 1, got " + sum);
    }
  }

  /** A mix where the given fraction is delivered and the rest is undeliverable. */
  public static OutcomeMix delivered(double fraction) {
    return new OutcomeMix(fraction, 1 - fraction, 0);
  }

  /**
   * Picks the outcome for a uniform draw {@code u} in [0, 1). Ranges are laid out delivered,
   * undeliverable, expired; rounding at the top end falls to the last non-empty range.
   */
  public DeliveryOutcome pick(double u) {
    if (u < delivered) {
      return DeliveryOutcome.DELIVERED;
    }
    if (u < delivered + undeliverable) {
      return DeliveryOutcome.UNDELIVERABLE;
    }
    if (expired > 0) {
      return DeliveryOutcome.EXPIRED;
    }
    return undeliverable > 0 ? DeliveryOutcome.UNDELIVERABLE : DeliveryOutcome.DELIVERED;
  }

  private static void requireFraction(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " fraction must be within [0, 1]: " + value);
    }
  }
}
