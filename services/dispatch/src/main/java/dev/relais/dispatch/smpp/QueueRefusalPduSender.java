package dev.relais.dispatch.smpp;

import java.io.IOException;
import java.io.OutputStream;
import org.jsmpp.DefaultPDUSender;
import org.jsmpp.SMPPConstant;
import org.jsmpp.util.DefaultComposer;

/**
 * Writes PDUs as jsmpp's default sender does, and tells when jsmpp itself refused a deliver_sm
 * because the session's receive queue was full.
 *
 * <p>jsmpp answers such a deliver_sm with a bare ESME_RTHROTTLED response and tells the application
 * nothing else; this is the one place where that answer can be seen. The dispatcher's own listener
 * never answers a deliver_sm with ESME_RTHROTTLED, so every one written here is such a refusal.
 */
final class QueueRefusalPduSender extends DefaultPDUSender {

  private static final int DELIVER_SM_RESP = SMPPConstant.CID_DELIVER_SM_RESP;

  private final Runnable refused;

  QueueRefusalPduSender(Runnable refused) {
    super(new DefaultComposer());
    this.refused = refused;
  }

  @Override
  public byte[] sendHeader(OutputStream os, int commandId, int commandStatus, int sequenceNumber)
      throws IOException {
    byte[] written = super.sendHeader(os, commandId, commandStatus, sequenceNumber);
    if (commandId == DELIVER_SM_RESP && commandStatus == SMPPConstant.STAT_ESME_RTHROTTLED) {
      refused.run();
    }
    return written;
  }
}
