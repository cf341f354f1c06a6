package dev.relais.smsc;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;
import org.jsmpp.DefaultPDUReader;
import org.jsmpp.InvalidCommandLengthException;
import org.jsmpp.bean.Command;

/**
 * jsmpp's PDU reader, also reporting every generic_nack an ESME sends: jsmpp only logs those that
 * answer nothing it sent, which is exactly what answers to injected malformed PDUs are.
 *
 * <p>It also lets jsmpp read a deliver_sm_resp refusal without a body. SMPP allows an error
 * response to omit its body, and jsmpp ESMEs answer that way (ESME_RTHROTTLED when their receive
 * queue is full), but jsmpp's own decoder then fails and the receipt waits for a response that
 * never comes instead of being seen as refused.
 */
final class ObservingPduReader extends DefaultPDUReader {

  private static final int GENERIC_NACK = 0x80000000;
  private static final int DELIVER_SM_RESP = 0x80000005;
  private static final int HEADER_LENGTH = 16;

  private final Consumer<GenericNack> nacks;

  ObservingPduReader(Consumer<GenericNack> nacks) {
    this.nacks = nacks;
  }

  @Override
  public Command readPDUHeader(DataInputStream in)
      throws InvalidCommandLengthException, IOException {
    Command header = super.readPDUHeader(in);
    if (header.getCommandId() == GENERIC_NACK) {
      nacks.accept(new GenericNack(header.getCommandStatus(), header.getSequenceNumber()));
    }
    return header;
  }

  @Override
  public byte[] readPDU(DataInputStream in, Command header) throws IOException {
    byte[] pdu = super.readPDU(in, header);
    if (header.getCommandId() == DELIVER_SM_RESP && pdu.length == HEADER_LENGTH) {
      return Arrays.copyOf(pdu, HEADER_LENGTH + 1); // the empty message_id jsmpp expects
    }
    return pdu;
  }
}
