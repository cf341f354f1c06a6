package dev.relais.smsc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;

/**
 * An SMSC on loopback for tests, the local demo and benchmarks: accepts binds, answers submit_sm
 * with message ids, sends delivery receipts after a configurable delay and outcome mix, injects
 * mobile-originated messages, and records what it received.
 *
 * <pre>{@code
 * try (SmscSimulator smsc = SmscSimulator.start(SmscSimulatorConfig.builder()
 *     .account("relais", "secret").dlrDelay(Duration.ofMillis(50)).build())) {
 *   // point the ESME at 127.0.0.1:smsc.port(), then assert on smsc.receivedFor("33612345678")
 * }
 * }</pre>
 */
public final class SmscSimulator implements AutoCloseable {

  private final SmscSimulatorConfig config;
  private final SimulatorCounters counters = new SimulatorCounters();
  private final SessionRegistry registry = new SessionRegistry();
  private final MessageLog log = new MessageLog();
  private final ThroughputMeter meter = new ThroughputMeter();
  private final ConcurrentHashMap<String, ThroughputMeter> accountMeters =
      new ConcurrentHashMap<>();
  private final ScheduledThreadPoolExecutor scheduler;
  private final ReceiptDispatcher receipts;
  private final SubmitProcessor processor;
  private final SmppEndpoint endpoint;
  private final ConcurrentLinkedQueue<GenericNack> nacks = new ConcurrentLinkedQueue<>();

  /**
   * Sequence numbers of injected PDUs, far above those jsmpp gives this session's own deliver_sm,
   * so that the ESME's generic_nack can never be taken as the answer to a real receipt.
   */
  private final AtomicInteger faultSequence = new AtomicInteger(0x7F00_0000);

  private final AtomicInteger scheduledFaults = new AtomicInteger();
  private volatile int port = -1;

  /** Creates a simulator; nothing listens until {@link #start()}. */
  public SmscSimulator(SmscSimulatorConfig config) {
    this.config = config;
    Clock clock = Clock.systemUTC();
    this.scheduler = new ScheduledThreadPoolExecutor(2, DaemonThreads.named("smsc-scheduler"));
    scheduler.setRemoveOnCancelPolicy(true);
    this.receipts = new ReceiptDispatcher(config, scheduler, registry, counters, clock);
    this.processor = new SubmitProcessor(config, counters, log, meter, receipts, scheduler, clock);
    this.endpoint =
        new SmppEndpoint(
            config,
            () ->
                new SimulatorSession(
                    processor, registry, counters, new ResponseFaultPduSender(scheduler)),
            systemId -> accountMeters.computeIfAbsent(systemId, k -> new ThroughputMeter()),
            registry,
            receipts,
            counters,
            scheduler,
            nacks::add);
  }

  /** Creates and starts a simulator. */
  public static SmscSimulator start(SmscSimulatorConfig config) {
    return new SmscSimulator(config).start();
  }

  /** Binds the port and starts accepting sessions. */
  public synchronized SmscSimulator start() {
    if (port >= 0) {
      throw new IllegalStateException("already started");
    }
    try {
      port = endpoint.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port(), e);
    }
    long every = config.malformedPduInterval().toMillis();
    if (every > 0 && !config.malformedPdus().isEmpty()) {
      scheduler.scheduleWithFixedDelay(
          this::injectScheduledFault, every, every, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** The port actually listened on (the free one picked when configured with 0). */
  public int port() {
    if (port < 0) {
      throw new IllegalStateException("not started");
    }
    return port;
  }

  public String host() {
    return config.host();
  }

  public SmscSimulatorConfig config() {
    return config;
  }

  /**
   * Every accepted message since start or {@link #clear()}, oldest first; empty if not recording.
   */
  public List<SubmittedMessage> received() {
    return toRecords(log.snapshot());
  }

  /** Accepted messages to one destination_addr (exactly as submitted), oldest first. */
  public List<SubmittedMessage> receivedFor(String destination) {
    return toRecords(log.matching(submit -> submit.hasDestination(destination)));
  }

  /** Whole texts sent to a destination, concatenated parts joined, in order of arrival. */
  public List<String> reassembledTextsFor(String destination) {
    return MessageReassembler.texts(receivedFor(destination));
  }

  /** Accepted submit_sm since start or {@link #clear()}; counted even when not recording. */
  public long receivedCount() {
    return counters.submitsAccepted.sum();
  }

  /** Forgets recorded messages, message counters and throughput; sessions stay bound. */
  public void clear() {
    log.clear();
    counters.clearMessageCounters();
    meter.reset();
    accountMeters.values().forEach(ThroughputMeter::reset);
  }

  public SimulatorStats stats() {
    return counters.snapshot(registry.bound(), registry.peak());
  }

  /** submit_sm arrivals over all accounts. */
  public ThroughputMeter throughput() {
    return meter;
  }

  /** submit_sm arrivals of one account: what a route's TPS cap applies to. */
  public ThroughputMeter throughput(String systemId) {
    return accountMeters.computeIfAbsent(systemId, k -> new ThroughputMeter());
  }

  /** The most submit_sm received in any one-second window (sliding by 100 ms). */
  public long maxSubmitsInAnyOneSecond() {
    return meter.maxInAnyOneSecond();
  }

  /**
   * Delivers a mobile-originated message to a bound receiver or transceiver of any account and
   * waits for its deliver_sm_resp.
   *
   * @throws MoDeliveryException if no such session is bound or the ESME does not acknowledge
   */
  public void injectMo(String from, String to, String text) {
    deliverMo(registry.nextReceiverOfAnyAccount(), from, to, text);
  }

  /** As {@link #injectMo(String, String, String)}, to a session of the given account. */
  public void injectMo(String systemId, String from, String to, String text) {
    deliverMo(registry.nextReceiver(systemId), from, to, text);
  }

  /**
   * Sends a garbled delivery receipt (receipt flag, unparseable text, no receipt TLVs) to a bound
   * receiver of {@code systemId} and waits for its deliver_sm_resp.
   *
   * @throws MoDeliveryException if no receiver is bound or the ESME did not acknowledge it
   */
  public void injectGarbledReceipt(String systemId) {
    SimulatorSession target = registry.nextReceiver(systemId);
    if (target == null) {
      throw new MoDeliveryException("no receiver or transceiver session is bound");
    }
    try {
      DeliverSmPdus.sendGarbledReceipt(target.session());
    } catch (PDUException
        | ResponseTimeoutException
        | InvalidResponseException
        | NegativeResponseException
        | IOException e) {
      throw new MoDeliveryException(
          "garbled receipt not acknowledged by session " + target.sessionId(), e);
    }
  }

  /**
   * Sends a well-formed delivery receipt for {@code messageId}, an id this simulator may never have
   * issued, to a bound receiver of {@code systemId} and waits for its deliver_sm_resp.
   *
   * @throws MoDeliveryException if no receiver is bound or the ESME did not acknowledge it
   */
  public void injectReceipt(String systemId, String messageId) {
    SimulatorSession target = registry.nextReceiver(systemId);
    if (target == null) {
      throw new MoDeliveryException("no receiver or transceiver session is bound");
    }
    try {
      DeliverSmPdus.sendReceiptFor(target.session(), messageId, Instant.now());
    } catch (PDUException
        | ResponseTimeoutException
        | InvalidResponseException
        | NegativeResponseException
        | IOException e) {
      throw new MoDeliveryException("receipt not acknowledged by session " + target.sessionId(), e);
    }
  }

  /**
   * Writes a malformed PDU on a bound receiver or transceiver of {@code systemId} and returns at
   * once: the ESME's answer, if any, shows in {@link #genericNacksReceived()}.
   *
   * @return the sequence number the fault carries (0 for {@link MalformedPdu#SHORT_COMMAND_LENGTH})
   * @throws MoDeliveryException if no such session is bound or the write failed
   */
  public int injectMalformedPdu(String systemId, MalformedPdu fault) {
    return writeFault(registry.nextReceiver(systemId), fault);
  }

  /** generic_nack PDUs received from ESMEs since start, oldest first. */
  public List<GenericNack> genericNacksReceived() {
    return List.copyOf(nacks);
  }

  /**
   * Refuses the next {@code count} binds (with valid credentials) with {@code commandStatus}, for
   * example ESME_RALYBND (0x05): the fault of an SMSC that still counts a dead session as bound.
   */
  public void refuseBinds(int count, int commandStatus) {
    if (count < 0 || commandStatus == 0) {
      throw new IllegalArgumentException("a refusal needs a count >= 0 and a non-zero status");
    }
    endpoint.refuseBinds(count, commandStatus);
  }

  /** Cuts every session without unbinding, as a network failure would; ESMEs must rebind. */
  public void disconnectAll() {
    registry.all().forEach(SimulatorSession::disconnect);
  }

  /** Unbinds every session, stops listening and drops receipts not yet sent. */
  @Override
  public void close() {
    // Receipts stop first: an unbind crossing an unanswered deliver_sm stalls both sides.
    receipts.close();
    scheduler.shutdownNow();
    endpoint.close();
  }

  private void injectScheduledFault() {
    List<MalformedPdu> faults = config.malformedPdus();
    MalformedPdu fault =
        faults.get(Math.floorMod(scheduledFaults.getAndIncrement(), faults.size()));
    try {
      writeFault(registry.nextReceiverOfAnyAccount(), fault);
    } catch (MoDeliveryException e) {
      // No session bound right now (e.g. rebinding after the previous fault): try next time.
    }
  }

  private int writeFault(SimulatorSession target, MalformedPdu fault) {
    if (target == null) {
      throw new MoDeliveryException("no receiver or transceiver session is bound");
    }
    int sequence = fault == MalformedPdu.SHORT_COMMAND_LENGTH ? 0 : faultSequence.incrementAndGet();
    try {
      target.writeRaw(fault.bytes(sequence));
      counters.malformedPdusSent.increment();
    } catch (IOException e) {
      throw new MoDeliveryException(
          fault + " not written on session " + target.sessionId() + ": " + e.getMessage(), e);
    }
    return sequence;
  }

  private void deliverMo(SimulatorSession target, String from, String to, String text) {
    if (target == null) {
      throw new MoDeliveryException("no receiver or transceiver session is bound");
    }
    try {
      DeliverSmPdus.sendMo(target.session(), from, to, text);
      counters.mosSent.increment();
    } catch (PDUException
        | ResponseTimeoutException
        | InvalidResponseException
        | NegativeResponseException
        | IOException e) {
      throw new MoDeliveryException("MO not acknowledged by session " + target.sessionId(), e);
    }
  }

  private List<SubmittedMessage> toRecords(List<StoredSubmit> stored) {
    List<SubmittedMessage> records = new ArrayList<>(stored.size());
    for (StoredSubmit submit : stored) {
      String id = config.messageIdFormat().format(config.firstMessageId() + submit.sequence);
      records.add(submit.toRecord(id, processor.outcomeOf(submit.sequence)));
    }
    return List.copyOf(records);
  }
}
