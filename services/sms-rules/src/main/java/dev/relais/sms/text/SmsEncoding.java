package dev.relais.sms.text;

/**
 * The two encodings Relais sends: GSM-7 (data_coding 0) when every character has a GSM-7 code,
 * otherwise UCS-2 (data_coding 8). Lengths are counted in the unit each encoding fills: septets for
 * GSM-7, UTF-16 code units for UCS-2.
 *
 * <p>UCS-2 has no surrogates: a surrogate pair (an emoji) is sent as its two UTF-16 units, which
 * handsets read as UTF-16; a lone surrogate, which is no character at all, is sent as U+FFFD (the
 * replacement character), one unit like any other.
 */
public enum SmsEncoding {
  GSM_7(0x00, 160, 153),
  UCS_2(0x08, 70, 67);

  private static final char REPLACEMENT = '\uFFFD';

  private final int dataCoding;
  private final int singlePartCapacity;
  private final int concatenatedPartCapacity;

  SmsEncoding(int dataCoding, int singlePartCapacity, int concatenatedPartCapacity) {
    this.dataCoding = dataCoding;
    this.singlePartCapacity = singlePartCapacity;
    this.concatenatedPartCapacity = concatenatedPartCapacity;
  }

  /** The cheapest encoding that can carry {@code text}. */
  public static SmsEncoding of(CharSequence text) {
    return GsmAlphabet.canEncode(text) ? GSM_7 : UCS_2;
  }

  /** SMPP data_coding. */
  public int dataCoding() {
    return dataCoding;
  }

  /** Units that fit in a message sent as one part. */
  public int singlePartCapacity() {
    return singlePartCapacity;
  }

  /** Units per part once a 6-octet concatenation header takes its room. */
  public int concatenatedPartCapacity() {
    return concatenatedPartCapacity;
  }

  /** Units the characters {@code [from, to)} take. */
  public int units(CharSequence text, int from, int to) {
    return this == GSM_7 ? GsmAlphabet.septetLength(text, from, to) : to - from;
  }

  /** Octets the characters {@code [from, to)} take in short_message (one per septet for GSM-7). */
  public int octets(CharSequence text, int from, int to) {
    return this == GSM_7 ? GsmAlphabet.septetLength(text, from, to) : 2 * (to - from);
  }

  /** The short_message octets of {@code text} (without header). */
  public byte[] encode(CharSequence text) {
    byte[] out = new byte[octets(text, 0, text.length())];
    encode(text, 0, text.length(), out, 0);
    return out;
  }

  /**
   * Writes the characters {@code [from, to)} of {@code text} into {@code out} from {@code offset}.
   * A surrogate pair is whole when both its units are in the range: callers cut where {@link
   * SmsParts} cuts, which never separates a pair.
   *
   * @return the offset after the last octet written
   * @throws IllegalArgumentException for GSM-7, if a character has no GSM-7 encoding
   */
  public int encode(CharSequence text, int from, int to, byte[] out, int offset) {
    if (this == GSM_7) {
      return GsmAlphabet.encode(text, from, to, out, offset);
    }
    int o = offset;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c) && !inPair(text, i, from, to)) {
        c = REPLACEMENT;
      }
      out[o++] = (byte) (c >>> 8);
      out[o++] = (byte) c;
    }
    return o;
  }

  /** Whether the surrogate at {@code i} has its other half within {@code [from, to)}. */
  private static boolean inPair(CharSequence text, int i, int from, int to) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < to && Character.isLowSurrogate(text.charAt(i + 1));
    }
    return i > from && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
