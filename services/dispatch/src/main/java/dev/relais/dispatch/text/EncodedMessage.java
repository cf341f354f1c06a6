package dev.relais.dispatch.text;

import dev.relais.sms.text.SmsEncoding;
import dev.relais.sms.text.SmsParts;
import java.util.List;

/**
 * A message ready for submit_sm: its encoding, and one short_message per part. Parts of a
 * concatenated message start with a user data header (IEI 0x00: 8-bit reference, total, number),
 * and are sent with the UDHI bit of esm_class set.
 *
 * <p>Where the text splits is sms-rules' {@link SmsParts}, the rule the scheduler counts and prices
 * parts with. Each part is encoded straight into its short_message, after the header: no part text
 * or intermediate array is made.
 *
 * @param encoding GSM-7 or UCS-2, giving data_coding
 * @param shortMessages the short_message octets of each part, header included
 * @param concatenated whether the parts carry a user data header
 */
public record EncodedMessage(
    SmsEncoding encoding, List<byte[]> shortMessages, boolean concatenated) {

  /** esm_class bit 6: short_message starts with a user data header. */
  public static final int ESM_UDHI = 0x40;

  private static final int UDH_LENGTH = 6;

  /**
   * Encodes {@code text}. {@code reference} (only its low 8 bits are used) is shared by the parts
   * of this message and should differ from the references of other recent messages to the same
   * handset, so that it does not mix their parts.
   *
   * @throws IllegalArgumentException when the text needs more than {@value SmsParts#MAX_PARTS}
   *     parts
   */
  public static EncodedMessage of(String text, int reference) {
    SmsParts parts = SmsParts.of(text);
    SmsEncoding encoding = parts.encoding();
    if (!parts.concatenated()) {
      byte[] octets = new byte[encoding.octets(text, 0, text.length())];
      encoding.encode(text, 0, text.length(), octets, 0);
      return new EncodedMessage(encoding, List.of(octets), false);
    }
    int count = parts.parts();
    if (count > SmsParts.MAX_PARTS) {
      throw new IllegalArgumentException(
          "a message has at most " + SmsParts.MAX_PARTS + " parts, not " + count);
    }
    byte[][] shortMessages = new byte[count][];
    for (int i = 0; i < count; i++) {
      int start = parts.start(i);
      int end = parts.end(i);
      byte[] octets = new byte[UDH_LENGTH + encoding.octets(text, start, end)];
      octets[0] = 0x05; // header length, excluding this octet
      octets[1] = 0x00; // IEI: concatenated message, 8-bit reference
      octets[2] = 0x03; // IE length
      octets[3] = (byte) reference;
      octets[4] = (byte) count;
      octets[5] = (byte) (i + 1);
      encoding.encode(text, start, end, octets, UDH_LENGTH);
      shortMessages[i] = octets;
    }
    return new EncodedMessage(encoding, List.of(shortMessages), true);
  }

  public int parts() {
    return shortMessages.size();
  }

  /** esm_class for each part. */
  public int esmClass() {
    return concatenated ? ESM_UDHI : 0;
  }
}
