package dev.relais.smsc;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.function.Consumer;
import org.jsmpp.DefaultPDUReader;
import org.jsmpp.InvalidCommandLengthException;
import org.jsmpp.bean.Command;

/**
 * jsmpp's PDU reader, also reporting every generic_nack an ESME sends: jsmpp only logs those that
 * answer nothing it sent, which is exactly what answers to injected malformed PDUs are.
 */
final class ObservingPduReader extends DefaultPDUReader {

  private static final int GENERIC_NACK = 0x80000000;

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
}
