package dev.relais.smsc.text;

import java.util.Optional;

/**
 * The text of one submitted short message (or one part of a concatenated message) and where it sits
 * in its concatenated whole.
 *
 * @param text the decoded text of this PDU, without any user data header
 * @param part the part position when the PDU is one part of a concatenated message
 */
public record ShortMessageText(String text, Optional<ConcatPart> part) {

  /** ESM class bit 6: the short_message starts with a user data header. */
  public static final int ESM_UDHI = 0x40;

  /**
   * Decodes the payload of a submit_sm.
   *
   * @param dataCoding the PDU's data_coding
   * @param esmClass the PDU's esm_class (only the UDHI bit matters here)
   * @param payload short_message, or message_payload when short_message was empty
   * @param offset where the payload starts in {@code payload}
   * @param length payload length in octets
   * @param sarPart the part position from sar_* TLVs, used when there is no UDH concat element
   */
  public static ShortMessageText decode(
      int dataCoding,
      int esmClass,
      byte[] payload,
      int offset,
      int length,
      Optional<ConcatPart> sarPart) {
    int headerLength = 0;
    Optional<ConcatPart> part = sarPart;
    if ((esmClass & ESM_UDHI) != 0) {
      UserDataHeader header = UserDataHeader.parse(payload, offset, length);
      headerLength = header.length();
      if (header.concatPart().isPresent()) {
        part = header.concatPart();
      }
    }
    String text =
        Alphabet.of(dataCoding).decode(payload, offset + headerLength, length - headerLength);
    return new ShortMessageText(text, part);
  }
}
