package dev.relais.smsc;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.EnquireLink;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.Session;
import org.jsmpp.session.SessionStateListener;
import org.jsmpp.session.SubmitSmResult;

/**
 * The simulator's side of one SMPP connection: knows which account it is bound as, passes its
 * submit_sm to the {@link SubmitProcessor}, and leaves the registry when it closes.
 */
final class SimulatorSession extends UnsupportedRequests implements SessionStateListener {

  private final SubmitProcessor processor;
  private final SessionRegistry registry;
  private final SimulatorCounters counters;
  private final ResponseFaultPduSender pduSender;
  private final AtomicLong submitsOnSession = new AtomicLong();

  private volatile SMPPServerSession session;
  private volatile OutputStream wire;
  private volatile String systemId;
  private volatile BindType bindType;
  private volatile ThroughputMeter accountMeter;
  private volatile boolean closingByServer;

  SimulatorSession(
      SubmitProcessor processor,
      SessionRegistry registry,
      SimulatorCounters counters,
      ResponseFaultPduSender pduSender) {
    this.processor = processor;
    this.registry = registry;
    this.counters = counters;
    this.pduSender = pduSender;
  }

  /**
   * Links the jsmpp session, which can only be built once this listener exists, and the stream it
   * writes to (for raw fault injection).
   */
  void attach(SMPPServerSession session, OutputStream wire) {
    this.session = session;
    this.wire = wire;
  }

  /**
   * Writes raw octets between two PDUs: jsmpp's SynchronizedPDUSender locks the same stream, so a
   * fault never lands inside another PDU.
   */
  void writeRaw(byte[] octets) throws IOException {
    OutputStream out = wire;
    synchronized (out) {
      out.write(octets);
      out.flush();
    }
  }

  /** Records the account once its bind is accepted. */
  void bound(String systemId, BindType bindType, ThroughputMeter accountMeter) {
    this.systemId = systemId;
    this.bindType = bindType;
    this.accountMeter = accountMeter;
  }

  SMPPServerSession session() {
    return session;
  }

  String systemId() {
    return systemId;
  }

  String sessionId() {
    return session.getSessionId();
  }

  ResponseFaultPduSender pduSender() {
    return pduSender;
  }

  ThroughputMeter accountMeter() {
    return accountMeter;
  }

  long nextSubmitNumber() {
    return submitsOnSession.incrementAndGet();
  }

  /** Bound as receiver or transceiver, i.e. deliver_sm may be sent to it. */
  boolean canReceive() {
    BindType type = bindType;
    return type != null && type != BindType.BIND_TX && session.getSessionState().isReceivable();
  }

  /** Closes without unbinding, as a crash or a network cut would. */
  void disconnect() {
    closingByServer = true;
    session.close();
  }

  /** Unbinds politely, then closes; used when the simulator shuts down. */
  void unbindAndClose() {
    closingByServer = true;
    session.unbindAndClose();
  }

  @Override
  public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source)
      throws ProcessRequestException {
    return processor.accept(this, submitSm);
  }

  @Override
  public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession source) {
    processor.responseSent(result);
  }

  @Override
  public void onSubmitSmRespError(
      SubmitSmResult result, Exception cause, SMPPServerSession source) {
    // The message was accepted before the answer was lost; a real SMSC still delivers it.
    processor.responseSent(result);
  }

  @Override
  public void onAcceptEnquireLink(EnquireLink enquireLink, Session source) {
    counters.enquireLinks.increment();
  }

  @Override
  public void onStateChange(SessionState newState, SessionState oldState, Session source) {
    if (newState == SessionState.UNBOUND && !closingByServer) {
      counters.unbinds.increment();
    } else if (newState == SessionState.CLOSED) {
      registry.remove(this);
    }
  }
}
