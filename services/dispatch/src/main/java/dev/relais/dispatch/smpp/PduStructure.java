package dev.relais.dispatch.smpp;

/**
 * Checks that a PDU's body holds the mandatory fields its command_id promises, before jsmpp decodes
 * it: jsmpp reads past the end of a truncated body with an exception that leaves the PDU
 * unanswered. Only the PDUs an SMSC sends to a transceiver and that carry a body are checked.
 */
final class PduStructure {

  static final int DELIVER_SM = 0x00000005;
  static final int DATA_SM = 0x00000103;
  static final int SUBMIT_SM_RESP = 0x80000004;
  private static final int HEADER = 16;

  private PduStructure() {}

  /** What is wrong with {@code pdu} (header included), or null when it is well formed. */
  static String problem(int commandId, int commandStatus, byte[] pdu) {
    Cursor c = new Cursor(pdu);
    return switch (commandId) {
      case DELIVER_SM -> deliverSm(c);
      case DATA_SM -> dataSm(c);
      // An error response may have no body; an OK one carries the message id as a C-string.
      case SUBMIT_SM_RESP ->
          pdu.length == HEADER || c.cString(65) ? null : "submit_sm_resp without a message_id";
      default -> null;
    };
  }

  private static String deliverSm(Cursor c) {
    boolean fields =
        c.cString(6)
            && c.skip(2)
            && c.cString(21)
            && c.skip(2)
            && c.cString(21)
            && c.skip(3)
            && c.cString(17)
            && c.cString(17)
            && c.skip(4);
    if (!fields || !c.has(1)) {
      return "deliver_sm truncated before short_message";
    }
    int smLength = c.octet();
    if (!c.skip(smLength)) {
      return "deliver_sm truncated inside short_message";
    }
    return c.tlvs() ? null : "deliver_sm with a truncated optional parameter";
  }

  private static String dataSm(Cursor c) {
    boolean fields =
        c.cString(6) && c.skip(2) && c.cString(21) && c.skip(2) && c.cString(21) && c.skip(3);
    if (!fields) {
      return "data_sm truncated before its optional parameters";
    }
    return c.tlvs() ? null : "data_sm with a truncated optional parameter";
  }

  /** Reads forward through the body; every step says whether the bytes were there. */
  private static final class Cursor {
    private final byte[] bytes;
    private int at = HEADER;

    Cursor(byte[] bytes) {
      this.bytes = bytes;
    }

    boolean has(int n) {
      return n >= 0 && bytes.length - at >= n;
    }

    boolean skip(int n) {
      if (!has(n)) {
        return false;
      }
      at += n;
      return true;
    }

    int octet() {
      return bytes[at++] & 0xFF;
    }

    /** A NUL-terminated string of at most {@code max} octets including the NUL. */
    boolean cString(int max) {
      int limit = Math.min(bytes.length, at + max);
      for (int i = at; i < limit; i++) {
        if (bytes[i] == 0) {
          at = i + 1;
          return true;
        }
      }
      return false;
    }

    /** Tag-length-value parameters up to the end, each complete. */
    boolean tlvs() {
      while (at < bytes.length) {
        if (!has(4)) {
          return false;
        }
        int length = ((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF);
        at += 4;
        if (!skip(length)) {
          return false;
        }
      }
      return true;
    }
  }
}
