package dev.relais.dispatch.text;

import java.nio.charset.StandardCharsets;

/**
 * The two encodings Relais sends: GSM-7 (data_coding 0) when every character has a GSM-7 code,
 * otherwise UCS-2 (data_coding 8). Lengths are counted in the unit each encoding fills: septets for
 * GSM-7, UTF-16 code units for UCS-2.
 */
public enum MessageEncoding {
  GSM7(0x00, 160, 153),
  UCS2(0x08, 70, 67);

  private final int dataCoding;
  private final int singlePartCapacity;
  private final int concatenatedPartCapacity;

  MessageEncoding(int dataCoding, int singlePartCapacity, int concatenatedPartCapacity) {
    this.dataCoding = dataCoding;
    this.singlePartCapacity = singlePartCapacity;
    this.concatenatedPartCapacity = concatenatedPartCapacity;
  }

  /** The cheapest encoding that can carry {@code text}. */
  public static MessageEncoding of(CharSequence text) {
    return GsmAlphabet.canEncode(text) ? GSM7 : UCS2;
  }

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

  /** Units a character takes (0 when it cannot be encoded, GSM-7 only). */
  int units(char c) {
    return this == GSM7 ? GsmAlphabet.septets(c) : 1;
  }

  /** Units a whole text takes. */
  public int length(CharSequence text) {
    return this == GSM7 ? GsmAlphabet.septetLength(text) : text.length();
  }

  /** The short_message octets of {@code text} (without header). */
  public byte[] encode(String text) {
    return this == GSM7 ? GsmAlphabet.encode(text) : text.getBytes(StandardCharsets.UTF_16BE);
  }
}
