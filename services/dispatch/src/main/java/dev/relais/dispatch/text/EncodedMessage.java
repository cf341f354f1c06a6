package dev.relais.dispatch.text;

import java.util.ArrayList;
import java.util.List;

/**
 * A message ready for submit_sm: its encoding, and one short_message per part. Parts of a
 * concatenated message start with a user data header (IEI 0x00: 8-bit reference, total, number),
 * and are sent with the UDHI bit of esm_class set.
 *
 * @param encoding GSM-7 or UCS-2, giving data_coding
 * @param shortMessages the short_message octets of each part, header included
 * @param concatenated whether the parts carry a user data header
 */
public record EncodedMessage(
    MessageEncoding encoding, List<byte[]> shortMessages, boolean concatenated) {

  /** esm_class bit 6: short_message starts with a user data header. */
  public static final int ESM_UDHI = 0x40;

  private static final int UDH_LENGTH = 6;

  /**
   * Encodes {@code text}. {@code reference} (only its low 8 bits are used) is shared by the parts
   * of this message and should differ from the references of other recent messages to the same
   * handset, so that it does not mix their parts.
   */
  public static EncodedMessage of(String text, int reference) {
    MessageEncoding encoding = MessageEncoding.of(text);
    List<String> parts = MessageSplitter.split(text, encoding);
    List<byte[]> shortMessages = new ArrayList<>(parts.size());
    if (parts.size() == 1) {
      shortMessages.add(encoding.encode(text));
      return new EncodedMessage(encoding, List.copyOf(shortMessages), false);
    }
    if (parts.size() > 255) {
      throw new IllegalArgumentException("a message has at most 255 parts, not " + parts.size());
    }
    for (int i = 0; i < parts.size(); i++) {
      byte[] body = encoding.encode(parts.get(i));
      byte[] octets = new byte[UDH_LENGTH + body.length];
      octets[0] = 0x05; // header length, excluding this octet
      octets[1] = 0x00; // IEI: concatenated message, 8-bit reference
      octets[2] = 0x03; // IE length
      octets[3] = (byte) reference;
      octets[4] = (byte) parts.size();
      octets[5] = (byte) (i + 1);
      System.arraycopy(body, 0, octets, UDH_LENGTH, body.length);
      shortMessages.add(octets);
    }
    return new EncodedMessage(encoding, List.copyOf(shortMessages), true);
  }

  public int parts() {
    return shortMessages.size();
  }

  /** esm_class for each part. */
  public int esmClass() {
    return concatenated ? ESM_UDHI : 0;
  }
}
