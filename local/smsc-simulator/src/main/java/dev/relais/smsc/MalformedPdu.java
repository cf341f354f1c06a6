package dev.relais.smsc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level faults the simulator can write on a session, each the way a broken SMSC would send it.
 * What SMPP expects of the ESME is in each constant's description.
 */
public enum MalformedPdu {

  /** command_length 8: generic_nack ESME_RINVCMDLEN; the stream is lost, so the ESME rebinds. */
  SHORT_COMMAND_LENGTH,

  /** command_length near 2 GiB: generic_nack ESME_RINVCMDLEN, never an allocation; rebind. */
  HUGE_COMMAND_LENGTH,

  /** A request with command_id 0x00000777: generic_nack ESME_RINVCMDID; the session goes on. */
  UNKNOWN_COMMAND_ID,

  /**
   * A deliver_sm whose body stops inside source_addr (command_length matches the bytes sent):
   * generic_nack with its sequence number; the session goes on.
   */
  TRUNCATED_DELIVER_SM;

  private static final int DELIVER_SM = 0x00000005;

  /** Whether the ESME can only recover by reconnecting. */
  public boolean breaksTheStream() {
    return this == SHORT_COMMAND_LENGTH || this == HUGE_COMMAND_LENGTH;
  }

  /** The octets written on the wire, carrying {@code sequence} where the fault has one. */
  byte[] bytes(int sequence) {
    return switch (this) {
      case SHORT_COMMAND_LENGTH -> ByteBuffer.allocate(8).putInt(8).putInt(DELIVER_SM).array();
      // The announced body never comes: a reader that waits for it would hang the session.
      case HUGE_COMMAND_LENGTH ->
          ByteBuffer.allocate(16)
              .putInt(0x7FFF_FFF0)
              .putInt(DELIVER_SM)
              .putInt(0)
              .putInt(sequence)
              .array();
      case UNKNOWN_COMMAND_ID ->
          ByteBuffer.allocate(16).putInt(16).putInt(0x0000_0777).putInt(0).putInt(sequence).array();
      case TRUNCATED_DELIVER_SM -> {
        byte[] source = "3361234".getBytes(StandardCharsets.US_ASCII);
        int length = 16 + 3 + source.length;
        yield ByteBuffer.allocate(length)
            .putInt(length)
            .putInt(DELIVER_SM)
            .putInt(0)
            .putInt(sequence)
            .put((byte) 0) // service_type ""
            .put((byte) 1) // source_addr_ton
            .put((byte) 1) // source_addr_npi
            .put(source) // source_addr without its NUL, and nothing after
            .array();
      }
    };
  }
}
