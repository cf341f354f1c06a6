package dev.relais.smsc;

/**
 * Stateless pseudo-random draws keyed by (seed, message sequence, stream), so that the k-th
 * accepted message gets the same outcome and delay in every run, whichever PDU thread handles it.
 */
final class SimulationRandom {

  static final int OUTCOME_STREAM = 1;
  static final int DELAY_STREAM = 2;

  private SimulationRandom() {}

  /** A uniform double in [0, 1). */
  static double unit(long seed, long sequence, int stream) {
    long z = seed + sequence * 0x9E3779B97F4A7C15L + stream * 0xD1B54A32D192ED03L;
    return (mix(z) >>> 11) * 0x1.0p-53;
  }

  /** The SplitMix64 finaliser: a bijective scramble of 64 bits. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
