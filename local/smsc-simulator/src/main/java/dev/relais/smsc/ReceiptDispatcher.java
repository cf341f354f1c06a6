package dev.relais.smsc;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends delivery receipts when their delay is up: to a bound receiver of the same account, held
 * until one binds if none is (store and forward, as SMSCs do), retried with backoff when the ESME
 * does not acknowledge (unless configured, as some SMSCs are, to give up a refused receipt). Delays
 * run on a scheduler; the blocking sends run on their own pool so that neither PDU threads nor the
 * scheduler wait for deliver_sm_resp.
 */
final class ReceiptDispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ReceiptDispatcher.class);

  private static final int MAX_ATTEMPTS = 8;
  private static final long FIRST_RETRY_MILLIS = 100;
  private static final long MAX_RETRY_MILLIS = 5_000;

  private final ScheduledExecutorService scheduler;
  private final ExecutorService senders;
  private final SessionRegistry registry;
  private final SimulatorCounters counters;
  private final MessageIdFormat responseIdFormat;
  private final MessageIdFormat receiptIdFormat;
  private final long firstMessageId;
  private final boolean resendRefused;
  private final boolean inBursts;
  private final Queue<PendingReceipt> nextBurst = new ConcurrentLinkedQueue<>();
  private final Clock clock;
  private final ConcurrentHashMap<String, Queue<PendingReceipt>> waitingForReceiver =
      new ConcurrentHashMap<>();

  ReceiptDispatcher(
      SmscSimulatorConfig config,
      ScheduledExecutorService scheduler,
      SessionRegistry registry,
      SimulatorCounters counters,
      Clock clock) {
    this.scheduler = scheduler;
    this.senders =
        // Platform threads: measured here, virtual ones sent fewer receipts per second.
        Executors.newFixedThreadPool(
            config.dlrSenderThreads(), DaemonThreads.named("smsc-dlr-sender"));
    this.registry = registry;
    this.counters = counters;
    this.responseIdFormat = config.messageIdFormat();
    this.receiptIdFormat = config.receiptIdFormat();
    this.firstMessageId = config.firstMessageId();
    this.resendRefused = config.resendRefusedReceipts();
    this.clock = clock;
    long burstMillis = config.dlrBurstInterval().toMillis();
    this.inBursts = burstMillis > 0;
    if (inBursts) {
      scheduler.scheduleAtFixedRate(
          this::releaseBurst, burstMillis, burstMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** Plans the receipt of an accepted message {@code delayMillis} from now. */
  void schedule(StoredSubmit submit, DeliveryOutcome outcome, long delayMillis) {
    counters.dlrsScheduled.increment();
    PendingReceipt receipt = new PendingReceipt(submit, outcome);
    if (delayMillis <= 0) {
      due(receipt);
    } else {
      try {
        scheduler.schedule(() -> due(receipt), delayMillis, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // Shutting down.
      }
    }
  }

  /** A receiver of {@code systemId} is now bound: release the receipts held for it. */
  void onReceiverBound(String systemId) {
    Queue<PendingReceipt> waiting = waitingForReceiver.get(systemId);
    if (waiting == null) {
      return;
    }
    for (PendingReceipt receipt = waiting.poll(); receipt != null; receipt = waiting.poll()) {
      submitToSenders(receipt);
    }
  }

  @Override
  public void close() {
    senders.shutdownNow();
  }

  private void due(PendingReceipt receipt) {
    if (inBursts) {
      nextBurst.add(receipt);
    } else {
      submitToSenders(receipt);
    }
  }

  private void releaseBurst() {
    for (PendingReceipt receipt = nextBurst.poll(); receipt != null; receipt = nextBurst.poll()) {
      submitToSenders(receipt);
    }
  }

  private void submitToSenders(PendingReceipt receipt) {
    try {
      senders.execute(() -> send(receipt));
    } catch (RejectedExecutionException e) {
      // Shutting down: receipts still pending are lost with the simulator, as intended.
    }
  }

  private void send(PendingReceipt receipt) {
    StoredSubmit submit = receipt.submit;
    SimulatorSession target = registry.nextReceiver(submit.systemId);
    if (target == null) {
      holdUntilReceiverBinds(receipt);
      return;
    }
    if (receipt.doneAt == null) {
      receipt.doneAt = clock.instant();
    }
    long idNumber = firstMessageId + submit.sequence;
    counters.dlrsSent.increment();
    try {
      DeliverSmPdus.sendReceipt(
          target.session(),
          submit,
          responseIdFormat.format(idNumber),
          receiptIdFormat.format(idNumber),
          receipt.outcome,
          receipt.doneAt);
      counters.dlrsAcknowledged.increment();
    } catch (NegativeResponseException e) {
      if (resendRefused) {
        retryLater(receipt, idNumber, e);
      } else {
        counters.dlrsFailed.increment();
        log.warn("Receipt for message {} refused and not resent: {}", idNumber, e.toString());
      }
    } catch (ResponseTimeoutException | InvalidResponseException | IOException e) {
      retryLater(receipt, idNumber, e);
    } catch (PDUException e) {
      counters.dlrsFailed.increment();
      log.warn("Receipt for message {} cannot be encoded: {}", idNumber, e.toString());
    }
  }

  private void holdUntilReceiverBinds(PendingReceipt receipt) {
    String systemId = receipt.submit.systemId;
    waitingForReceiver.computeIfAbsent(systemId, k -> new ConcurrentLinkedQueue<>()).add(receipt);
    // A receiver may have bound between the lookup and the add; its release could have missed us.
    if (registry.nextReceiver(systemId) != null) {
      onReceiverBound(systemId);
    }
  }

  private void retryLater(PendingReceipt receipt, long idNumber, Exception cause) {
    receipt.attempts++;
    if (receipt.attempts >= MAX_ATTEMPTS) {
      counters.dlrsFailed.increment();
      log.warn(
          "Receipt for message {} given up after {} attempts: {}",
          idNumber,
          receipt.attempts,
          cause.toString());
      return;
    }
    long backoff =
        Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(receipt.attempts - 1, 16));
    log.debug("Receipt for message {} retried in {} ms: {}", idNumber, backoff, cause.toString());
    try {
      scheduler.schedule(() -> submitToSenders(receipt), backoff, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Shutting down.
    }
  }

  /** A receipt on its way; mutable fields are only touched by the one thread sending it. */
  private static final class PendingReceipt {
    final StoredSubmit submit;
    final DeliveryOutcome outcome;
    Instant doneAt;
    int attempts;

    PendingReceipt(StoredSubmit submit, DeliveryOutcome outcome) {
      this.submit = submit;
      this.outcome = outcome;
    }
  }
}
