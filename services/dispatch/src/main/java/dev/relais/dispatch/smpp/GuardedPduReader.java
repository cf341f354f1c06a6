package dev.relais.dispatch.smpp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.jsmpp.PDUReader;
import org.jsmpp.bean.Command;

/**
 * Reads one session's PDUs from the SMSC as jsmpp's DefaultPDUReader does, but answers malformed
 * ones as SMPP requires instead of letting them break the session:
 *
 * <ul>
 *   <li>a command_length below 16 or above {@code smpp.maxpdu}: generic_nack ESME_RINVCMDLEN, then
 *       the connection is dropped, since the next PDU's start is unknown (the session rebinds).
 *       jsmpp alone would allocate whatever length is announced, or wait on an unbind it can no
 *       longer read;
 *   <li>a request whose body is shorter than its mandatory fields (a truncated deliver_sm):
 *       generic_nack ESME_RINVCMDLEN with its sequence number, and the session goes on. A truncated
 *       response is dropped: its request then times out and counts as in doubt;
 *   <li>an SMSC that falls silent inside a PDU: the connection is dropped, where jsmpp would take
 *       the read timeout for an idle link and read on out of step.
 * </ul>
 *
 * Unknown command_ids pass through: jsmpp answers them with generic_nack ESME_RINVCMDID. One
 * instance per session, called only by that session's reader thread.
 */
final class GuardedPduReader implements PDUReader {

  static final int GENERIC_NACK = 0x80000000;
  static final int ESME_RINVCMDLEN = 0x02;
  private static final int HEADER = 16;

  private final int maxLength;
  private final Consumer<String> malformed;
  private volatile OutputStream answers;
  private byte[] pending;

  /**
   * @param malformed told what was wrong with each malformed PDU (no content, just the fault)
   */
  GuardedPduReader(int maxLength, Consumer<String> malformed) {
    this.maxLength = maxLength;
    this.malformed = malformed;
  }

  /** The session's output stream, for generic_nack; set once its connection is open. */
  void answerOn(OutputStream out) {
    this.answers = out;
  }

  @Override
  public Command readPDUHeader(DataInputStream in) throws IOException {
    while (true) {
      int length = in.readInt();
      if (length < HEADER || length > maxLength) {
        int sequence = 0;
        if (length >= HEADER) {
          try {
            in.readInt();
            in.readInt();
            sequence = in.readInt();
          } catch (SocketTimeoutException e) {
            // The rest of the header never came: answer without a sequence number.
          }
        }
        nack(sequence);
        String fault = "malformed PDU from the SMSC: command_length " + length;
        malformed.accept(fault + "; answered generic_nack, reconnecting");
        throw new IOException(fault);
      }
      Command header = new Command();
      byte[] pdu = new byte[length];
      try {
        header.setCommandLength(length);
        header.setCommandId(in.readInt());
        header.setCommandStatus(in.readInt());
        header.setSequenceNumber(in.readInt());
        ByteBuffer.wrap(pdu)
            .putInt(length)
            .putInt(header.getCommandId())
            .putInt(header.getCommandStatus())
            .putInt(header.getSequenceNumber());
        in.readFully(pdu, HEADER, length - HEADER);
      } catch (SocketTimeoutException e) {
        // jsmpp takes a read timeout for an idle link and reads on, from the middle of this PDU.
        String fault =
            "the SMSC stopped sending in the middle of a PDU (command_length " + length + ")";
        malformed.accept(fault + "; reconnecting");
        throw new IOException(fault, e);
      }
      String problem = PduStructure.problem(header.getCommandId(), header.getCommandStatus(), pdu);
      if (problem == null) {
        pending = pdu;
        return header;
      }
      if ((header.getCommandId() & GENERIC_NACK) == 0) {
        nack(header.getSequenceNumber());
        malformed.accept("malformed PDU from the SMSC: " + problem + "; answered generic_nack");
      } else {
        malformed.accept("malformed PDU from the SMSC: " + problem + "; ignored");
      }
    }
  }

  @Override
  public byte[] readPDU(DataInputStream in, Command pduHeader) throws IOException {
    return take(pduHeader.getCommandLength());
  }

  @Override
  public byte[] readPDU(
      DataInputStream in, int commandLength, int commandId, int commandStatus, int sequenceNumber)
      throws IOException {
    return take(commandLength);
  }

  private byte[] take(int commandLength) throws IOException {
    byte[] pdu = pending;
    pending = null;
    if (pdu == null || pdu.length != commandLength) {
      throw new IOException("PDU body read without its header");
    }
    return pdu;
  }

  private void nack(int sequence) {
    OutputStream out = answers;
    if (out == null) {
      return;
    }
    byte[] nack =
        ByteBuffer.allocate(HEADER)
            .putInt(HEADER)
            .putInt(GENERIC_NACK)
            .putInt(ESME_RINVCMDLEN)
            .putInt(sequence)
            .array();
    // jsmpp's SynchronizedPDUSender locks the same stream: the nack never splits another PDU.
    synchronized (out) {
      try {
        out.write(nack);
        out.flush();
      } catch (IOException e) {
        // The connection is going anyway; the fault is reported by the caller.
      }
    }
  }
}
