package dev.relais.smsc;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;

/**
 * What happens to each submit_sm: counted, shown to the {@link SubmitPolicy}, given an id,
 * recorded, answered, and, once the answer is out, its receipt planned.
 */
final class SubmitProcessor {

  private static final OptionalParameter[] NO_TLVS = new OptionalParameter[0];

  private final SmscSimulatorConfig config;
  private final SimulatorCounters counters;
  private final MessageLog log;
  private final ThroughputMeter meter;
  private final ReceiptPlanner planner;
  private final ReceiptDispatcher receipts;
  private final ScheduledExecutorService scheduler;
  private final Clock clock;
  private final boolean defaultPolicy;
  private final AtomicLong submitsReceived = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();

  SubmitProcessor(
      SmscSimulatorConfig config,
      SimulatorCounters counters,
      MessageLog log,
      ThroughputMeter meter,
      ReceiptDispatcher receipts,
      ScheduledExecutorService scheduler,
      Clock clock) {
    this.config = config;
    this.counters = counters;
    this.log = log;
    this.meter = meter;
    this.planner = new ReceiptPlanner(config);
    this.receipts = receipts;
    this.scheduler = scheduler;
    this.clock = clock;
    this.defaultPolicy = config.submitPolicy() instanceof SubmitPolicy.AcceptAll;
  }

  /** Runs on a jsmpp PDU thread: no blocking here, receipts are only planned. */
  SubmitSmResult accept(SimulatorSession session, SubmitSm submit) throws ProcessRequestException {
    meter.record();
    ThroughputMeter accountMeter = session.accountMeter();
    if (accountMeter != null) {
      accountMeter.record();
    }
    counters.submitsReceived.increment();
    long submitNumber = submitsReceived.incrementAndGet();
    long sessionSubmitNumber = session.nextSubmitNumber();
    SubmitDecision decision =
        defaultPolicy
            ? SubmitDecision.accept()
            : config
                .submitPolicy()
                .decide(
                    new SubmitContext(
                        session.systemId(),
                        session.sessionId(),
                        submitNumber,
                        submit.getDestAddress(),
                        sessionSubmitNumber));

    if (decision instanceof SubmitDecision.Reject reject) {
      counters.submitsRejected.increment();
      throw new ProcessRequestException("rejected by submit policy", reject.commandStatus());
    }
    if (decision instanceof SubmitDecision.Disconnect) {
      counters.submitsRejected.increment();
      String unanswered = "unanswered-" + submitNumber;
      session.pduSender().drop(unanswered);
      scheduler.execute(session::disconnect);
      return new SubmitSmResult(messageId(unanswered), NO_TLVS);
    }

    long sequence = accepted.getAndIncrement();
    String id =
        config.answersEmptyId(sequence)
            ? ""
            : config.messageIdFormat().format(config.firstMessageId() + sequence);
    Instant now = clock.instant();
    StoredSubmit stored = StoredSubmit.of(sequence, session.systemId(), now, submit);
    if (config.recordMessages()) {
      log.add(stored);
    }
    counters.submitsAccepted.increment();

    if (decision instanceof SubmitDecision.DelayResponse delay) {
      session.pduSender().delay(id, delay.delay());
    } else if (decision instanceof SubmitDecision.DropResponse) {
      session.pduSender().drop(id);
    }
    DeliveryOutcome outcome = planner.outcomeOf(sequence);
    boolean receiptWanted = planner.receiptWanted(submit.getRegisteredDelivery(), outcome);
    return new AcceptedSubmit(messageId(id), stored, outcome, receiptWanted);
  }

  /** Called once jsmpp has written (or failed to write) the submit_sm_resp. */
  void responseSent(SubmitSmResult result) {
    if (result instanceof AcceptedSubmit accepted && accepted.receiptWanted) {
      receipts.schedule(
          accepted.stored, accepted.outcome, planner.delayMillisOf(accepted.stored.sequence));
    }
  }

  /** The outcome the planner gives the {@code sequence}-th accepted message. */
  DeliveryOutcome outcomeOf(long sequence) {
    return planner.outcomeOf(sequence);
  }

  private static MessageId messageId(String id) throws ProcessRequestException {
    try {
      return new MessageId(id);
    } catch (PDUStringException e) {
      throw new ProcessRequestException("invalid message id " + id, SMPPConstant.STAT_ESME_RSYSERR);
    }
  }

  /** A submit_sm_resp that also carries what the receipt will need. */
  private static final class AcceptedSubmit extends SubmitSmResult {
    final StoredSubmit stored;
    final DeliveryOutcome outcome;
    final boolean receiptWanted;

    AcceptedSubmit(
        MessageId id, StoredSubmit stored, DeliveryOutcome outcome, boolean receiptWanted) {
      super(id, NO_TLVS);
      this.stored = stored;
      this.outcome = outcome;
      this.receiptWanted = receiptWanted;
    }
  }
}
