package dev.relais.smsc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DataCodings;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.SubmitSmResult;

/** A minimal jsmpp client (the dispatch service's side) that records what the SMSC delivers. */
final class TestEsme implements AutoCloseable {

  static final String SENDER = "RELAIS";

  final SMPPSession session = new SMPPSession();
  final BlockingQueue<DeliverSm> receipts = new LinkedBlockingQueue<>();
  final BlockingQueue<DeliverSm> mos = new LinkedBlockingQueue<>();

  private final SmscSimulator smsc;

  private TestEsme(SmscSimulator smsc) {
    this.smsc = smsc;
  }

  static TestEsme bind(SmscSimulator smsc, BindType type, String systemId, String password)
      throws IOException {
    int boundBefore = smsc.stats().boundSessions();
    TestEsme esme = new TestEsme(smsc);
    esme.session.setPduProcessorDegree(4);
    esme.session.setTransactionTimer(2_000);
    esme.session.setMessageReceiverListener(
        (MessageReceiverListener) new DeliverSmCollector(esme.receipts, esme.mos));
    esme.session.connectAndBind(
        smsc.host(),
        smsc.port(),
        new BindParameter(
            type,
            systemId,
            password,
            "",
            TypeOfNumber.UNKNOWN,
            NumberingPlanIndicator.UNKNOWN,
            null));
    // The bind_resp can reach us before the simulator has registered the session for MO and
    // receipts: wait until it counts one more bound session (a refused bind threw above).
    long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (smsc.stats().boundSessions() <= boundBefore && System.nanoTime() < giveUp) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return esme;
  }

  /** Submits with receipt requested; returns the message id. */
  String submit(String destination, String text) throws Exception {
    return submit(destination, new ESMClass(), DataCodings.ZERO, gsm(text), 1).getMessageId();
  }

  SubmitSmResult submit(
      String destination,
      ESMClass esmClass,
      DataCoding dataCoding,
      byte[] payload,
      int registeredDelivery,
      OptionalParameter... tlvs)
      throws Exception {
    return session.submitShortMessage(
        "",
        TypeOfNumber.ALPHANUMERIC,
        NumberingPlanIndicator.UNKNOWN,
        SENDER,
        TypeOfNumber.INTERNATIONAL,
        NumberingPlanIndicator.ISDN,
        destination,
        esmClass,
        (byte) 0,
        (byte) 1,
        null,
        null,
        new RegisteredDelivery(registeredDelivery),
        (byte) 0,
        dataCoding,
        (byte) 0,
        payload,
        tlvs);
  }

  /** Waits for {@code count} receipts, failing with what arrived if they do not. */
  List<DeliverSm> awaitReceipts(int count, Duration timeout) throws InterruptedException {
    return await(receipts, count, timeout);
  }

  static List<DeliverSm> await(BlockingQueue<DeliverSm> queue, int count, Duration timeout)
      throws InterruptedException {
    List<DeliverSm> got = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (got.size() < count) {
      DeliverSm next = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        throw new AssertionError(
            "got " + got.size() + " of " + count + " deliver_sm in " + timeout);
      }
      got.add(next);
    }
    return got;
  }

  static byte[] gsm(String text) {
    return dev.relais.sms.text.GsmAlphabet.encode(text);
  }

  static byte[] ucs2(String text) {
    return text.getBytes(StandardCharsets.UTF_16BE);
  }

  /**
   * Unbinds once the simulator has no receipt waiting for its deliver_sm_resp: an unbind that
   * crosses an unanswered deliver_sm makes jsmpp wait out its transaction timer on both sides.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    while (System.nanoTime() < deadline && deliverSmInFlight()) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    session.unbindAndClose();
  }

  private boolean deliverSmInFlight() {
    SimulatorStats stats = smsc.stats();
    return stats.dlrsSent() > stats.dlrsAcknowledged() + stats.dlrsFailed();
  }
}
