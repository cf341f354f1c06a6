package dev.relais.smsc;

import java.util.UUID;

/**
 * How message ids are written in submit_sm_resp and receipts. Real SMSCs differ, and the dispatch
 * service must correlate receipts whatever the format, so the simulator can play each of them.
 */
public enum MessageIdFormat {
  /** {@code 1774224000000123}. */
  DECIMAL,
  /** {@code 64d9a2f0c107b} (lowercase, no padding): the default. */
  HEX,
  /** {@code 00064D9A2F0C107B} (uppercase, padded to 16 digits). */
  HEX_UPPER,
  /** {@code 6f1c2a9e-0b3d-4e57-8000-064d9a2f0c10}: UUID-shaped, version 4 bits set. */
  UUID;

  private static final char[] UPPER_DIGITS = "0123456789ABCDEF".toCharArray();

  /** Writes the simulator's internal id number; distinct numbers give distinct strings. */
  public String format(long idNumber) {
    return switch (this) {
      case DECIMAL -> Long.toString(idNumber);
      case HEX -> Long.toHexString(idNumber);
      case HEX_UPPER -> paddedUpperHex(idNumber);
      case UUID -> uuidLike(idNumber);
    };
  }

  private static String paddedUpperHex(long value) {
    char[] digits = new char[16];
    for (int i = 15; i >= 0; i--) {
      digits[i] = UPPER_DIGITS[(int) (value & 0xF)];
      value >>>= 4;
    }
    return new String(digits);
  }

  private static String uuidLike(long idNumber) {
    // The low half carries the id itself (hence uniqueness); the high half only looks random.
    long high = (SimulationRandom.mix(idNumber) & ~0xF000L) | 0x4000L;
    long low = (idNumber & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }
}
