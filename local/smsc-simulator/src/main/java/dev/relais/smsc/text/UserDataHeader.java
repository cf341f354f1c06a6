package dev.relais.smsc.text;

import java.util.Optional;

/**
 * The user data header at the start of a short_message whose esm_class has the UDHI bit.
 *
 * @param length octets taken by the header, including its own length octet
 * @param concatPart the concatenation element (IEI 0x00 or 0x08), if the header has one
 */
public record UserDataHeader(int length, Optional<ConcatPart> concatPart) {

  private static final int IEI_CONCAT_8BIT_REF = 0x00;
  private static final int IEI_CONCAT_16BIT_REF = 0x08;

  /**
   * Parses the header at {@code offset}. A header that claims more octets than the message has is
   * treated as covering the whole message, so that a malformed PDU yields empty text rather than an
   * exception on the PDU thread.
   */
  public static UserDataHeader parse(byte[] message, int offset, int messageLength) {
    if (messageLength == 0) {
      return new UserDataHeader(0, Optional.empty());
    }
    int headerLength = Math.min(1 + (message[offset] & 0xFF), messageLength);
    int end = offset + headerLength;
    ConcatPart part = null;
    int i = offset + 1;
    while (i + 1 < end) {
      int iei = message[i] & 0xFF;
      int ieLength = message[i + 1] & 0xFF;
      int data = i + 2;
      if (data + ieLength > end) {
        break;
      }
      if (iei == IEI_CONCAT_8BIT_REF && ieLength == 3) {
        part =
            new ConcatPart(
                message[data] & 0xFF, message[data + 2] & 0xFF, message[data + 1] & 0xFF);
      } else if (iei == IEI_CONCAT_16BIT_REF && ieLength == 4) {
        int reference = ((message[data] & 0xFF) << 8) | (message[data + 1] & 0xFF);
        part = new ConcatPart(reference, message[data + 3] & 0xFF, message[data + 2] & 0xFF);
      }
      i = data + ieLength;
    }
    return new UserDataHeader(headerLength, Optional.ofNullable(part));
  }
}
