package dev.relais.dispatch.submit;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.MessageTracing;
import dev.relais.dispatch.smpp.SmppAddress;
import dev.relais.dispatch.smpp.SmppSessions;
import dev.relais.dispatch.smpp.SmppTime;
import dev.relais.dispatch.text.EncodedMessage;
import dev.relais.queue.PriorAttempt;
import dev.relais.queue.QueuedMessage;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SubmitSmResult;

/**
 * Sends queued messages as submit_sm, each on its own virtual thread (jsmpp's submit blocks until
 * the response), bounded by the sessions' windows and paced by the {@link TpsLimiter}.
 *
 * <p>Per message: expired messages, and marketing ones to numbers that opted out, are never sent; a
 * message is split into UDH-concatenated parts sent one after the other on one permit each; a
 * throttling answer pauses the session and retries the part; a missing response is retried a few
 * times (the message may then arrive twice: counted as in doubt); a refusal is final. A message an
 * earlier lease holder got an answer for is not sent again, only reported; one it may have sent
 * without an answer is sent again and counted as in doubt. Exactly one outcome is recorded per
 * message, except when the dispatcher stops mid-way: then nothing is recorded and the message stays
 * unresolved, to be read again by the next lease holder.
 */
public final class MessageSubmitter {

  private static final Logger LOG = Logger.getLogger(MessageSubmitter.class.getName());
  private static final Duration LEASE_WAIT = Duration.ofMillis(200);

  private final SmppSessions sessions;
  private final TpsLimiter tps;
  private final OutcomeRecorder outcomes;
  private final DispatchStats stats;
  private final Clock clock;
  private final Predicate<String> optedOut;
  private final String serviceType;
  private final int maxInDoubtRetries;
  private final MessageTracing tracing;
  private final Semaphore inFlight;
  private final int maxInFlight;
  private final AtomicInteger references = new AtomicInteger();
  private final RegisteredDelivery receiptRequested =
      new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE);
  private volatile boolean stopping;

  /**
   * @param maxInFlight messages being submitted at once (virtual threads); the sum of the sessions'
   *     windows is the natural value
   */
  public MessageSubmitter(
      SmppSessions sessions,
      TpsLimiter tps,
      OutcomeRecorder outcomes,
      DispatchStats stats,
      Clock clock,
      Predicate<String> optedOut,
      String serviceType,
      int maxInFlight,
      int maxInDoubtRetries) {
    this(
        sessions,
        tps,
        outcomes,
        stats,
        clock,
        optedOut,
        serviceType,
        maxInFlight,
        maxInDoubtRetries,
        MessageTracing.NONE);
  }

  /** A submitter that also traces the submit_sm of the messages sampled for tracing. */
  public MessageSubmitter(
      SmppSessions sessions,
      TpsLimiter tps,
      OutcomeRecorder outcomes,
      DispatchStats stats,
      Clock clock,
      Predicate<String> optedOut,
      String serviceType,
      int maxInFlight,
      int maxInDoubtRetries,
      MessageTracing tracing) {
    this.tracing = tracing;
    this.sessions = sessions;
    this.tps = tps;
    this.outcomes = outcomes;
    this.stats = stats;
    this.clock = clock;
    this.optedOut = optedOut;
    this.serviceType = serviceType;
    this.maxInFlight = maxInFlight;
    this.inFlight = new Semaphore(maxInFlight);
    this.maxInDoubtRetries = maxInDoubtRetries;
  }

  /**
   * Starts dispatching a message, waiting up to {@code wait} for room among the messages in flight.
   * Returns false if there was no room (call again). {@code resolve} is handed to the outcome event
   * and runs once analytics has it. While {@code owned} is false (the shard's lease was lost) a
   * message not sent yet is dropped unresolved: the new lease holder sends it.
   */
  public boolean dispatch(
      QueuedMessage message, Runnable resolve, BooleanSupplier owned, Duration wait)
      throws InterruptedException {
    if (resolveWithoutSending(message, resolve)) {
      return true;
    }
    long deadline = System.nanoTime() + wait.toNanos();
    if (!inFlight.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    // The first submit_sm of a message takes its session permit and its TPS turn here, on the
    // shard's pump thread: a shard's messages then leave in shard order, so its committed prefix
    // grows steadily instead of waiting behind one message overtaken by later ones.
    SmppSessions.Lease lease;
    long waitStart = System.nanoTime();
    try {
      lease = sessions.acquire(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    } catch (InterruptedException e) {
      inFlight.release();
      throw e;
    }
    if (lease == null) {
      inFlight.release();
      return false;
    }
    try {
      tps.acquire(1);
    } catch (InterruptedException e) {
      lease.close();
      inFlight.release();
      throw e;
    }
    long windowWait = System.nanoTime() - waitStart;
    stats.submitStarted();
    Thread.ofVirtual()
        .name("submit")
        .start(() -> {
          try {
            send(message, resolve, owned, lease, windowWait);
          } catch (RuntimeException e) {
            stats.error("submit failed unexpectedly: " + e.getClass().getSimpleName());
            LOG.warning("submit failed unexpectedly: " + e);
          } finally {
            lease.close(); // no-op when the submit already closed it
            stats.submitEnded();
            inFlight.release();
          }
        });
    return true;
  }

  /** Messages being submitted now. */
  public int inFlight() {
    return maxInFlight - inFlight.availablePermits();
  }

  /** Waits until no message is being submitted; false on timeout. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    if (!inFlight.tryAcquire(maxInFlight, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    inFlight.release(maxInFlight);
    return true;
  }

  /** Stops retrying: submits not yet accepted are abandoned unresolved. */
  public void stop() {
    stopping = true;
  }

  /**
   * Resolves, without any SMPP, a message that needs no submit_sm: one an earlier lease holder got
   * the SMSC's answer for (reported again), an expired one, or one that must not be sent (opted
   * out, erased). False if it is still to be sent. Also what a dispatcher that cannot send does
   * with the messages it reads ({@code ExpirySweeper}).
   */
  public boolean resolveWithoutSending(QueuedMessage message, Runnable resolve) {
    if (message.prior().answered()) {
      outcomes.answeredBefore(message, resolve); // a previous holder got the SMSC's answer
      return true;
    }
    return resolvedUnsent(message, resolve);
  }

  /** Resolves a message that must not be sent (any more); false if it may go. */
  private boolean resolvedUnsent(QueuedMessage m, Runnable resolve) {
    switch (SendDecision.of(m, clock.instant(), optedOut)) {
      case EXPIRED -> outcomes.expired(m, resolve);
      case OPTED_OUT -> outcomes.suppressed(m, resolve);
      case SEND -> {
        return false;
      }
    }
    return true;
  }

  /**
   * Sends every part of a message; the first attempt of the first part uses {@code paced}, a
   * session permit taken in its TPS turn by {@link #dispatch}.
   */
  private void send(
      QueuedMessage m,
      Runnable resolve,
      BooleanSupplier owned,
      SmppSessions.Lease paced,
      long pacedWaitNanos) {
    EncodedMessage encoded;
    try {
      encoded = EncodedMessage.of(m.body(), references.incrementAndGet());
    } catch (IllegalArgumentException e) {
      outcomes.failed(m, m.parts(), SubmitStatus.INVALID_MESSAGE, resolve);
      return;
    }
    SmppAddress source = SmppAddress.of(m.sender());
    SmppAddress destination = SmppAddress.of(m.destination());
    String validity = SmppTime.absolute(m.expiresAt());
    ESMClass esmClass = new ESMClass(encoded.esmClass());
    RawDataCoding dataCoding = new RawDataCoding((byte) encoded.encoding().dataCoding());
    List<String> ids = new ArrayList<>(encoded.parts());
    int inDoubtRetries = 0;
    boolean inDoubt = m.prior().kind() == PriorAttempt.Kind.IN_DOUBT;
    boolean inDoubtReported = false;
    SmppSessions.Lease ready = paced;
    for (int part = 0; part < encoded.parts(); ) {
      if (stopping || (part == 0 && !owned.getAsBoolean())) {
        return; // unresolved: the next lease holder sends it
      }
      if (part == 0 && resolvedUnsent(m, resolve)) {
        return; // expired or opted out while waiting for a session
      }
      if (inDoubt && !inDoubtReported) {
        // Resent while an earlier submit may have reached the SMSC: it may arrive twice.
        stats.inDoubt();
        outcomes.inDoubt(m);
        inDoubtReported = true;
      }
      SmppSessions.Lease lease;
      boolean turnTaken = ready != null;
      long windowWait = pacedWaitNanos;
      if (ready != null) {
        lease = ready;
        ready = null;
      } else {
        long waitStart = System.nanoTime();
        try {
          lease = sessions.acquire(LEASE_WAIT);
          windowWait = System.nanoTime() - waitStart;
          if (lease == null) {
            continue;
          }
        } catch (InterruptedException e) {
          return;
        }
      }
      long submitNanos = 0;
      Span span = null;
      try {
        if (!turnTaken) {
          tps.acquire(1);
        }
        span = tracing.submitSm(m, part + 1, encoded.parts(), lease.index(), windowWait);
        submitNanos = System.nanoTime();
        SubmitSmResult result =
            lease
                .session()
                .submitShortMessage(
                    serviceType,
                    source.ton(),
                    source.npi(),
                    source.address(),
                    destination.ton(),
                    destination.npi(),
                    destination.address(),
                    esmClass,
                    (byte) 0,
                    (byte) 0,
                    null,
                    validity,
                    receiptRequested,
                    (byte) 0,
                    dataCoding,
                    (byte) 0,
                    encoded.shortMessages().get(part));
        stats.submitResponse(SubmitStatus.ESME_ROK, System.nanoTime() - submitNanos);
        MessageTracing.answered(span, SubmitStatus.ESME_ROK);
        lease.accepted();
        ids.add(result.getMessageId());
        part++;
      } catch (NegativeResponseException e) {
        int status = e.getCommandStatus();
        stats.submitResponse(status, System.nanoTime() - submitNanos);
        MessageTracing.answered(span, status);
        if (SubmitStatus.isThrottling(status)) {
          stats.throttled();
          lease.throttled();
          continue; // the session backs off; this part goes again, maybe on another session
        }
        outcomes.failed(m, encoded.parts(), status, resolve);
        return;
      } catch (ResponseTimeoutException | InvalidResponseException e) {
        MessageTracing.unanswered(span, "no valid submit_sm_resp");
        stats.inDoubt();
        if (!inDoubtReported) {
          outcomes.inDoubt(m); // the retry may make it arrive twice
          inDoubtReported = true;
        }
        if (++inDoubtRetries > maxInDoubtRetries) {
          stats.error("submit_sm without response after " + inDoubtRetries + " attempts");
          outcomes.failed(m, encoded.parts(), SubmitStatus.NO_RESPONSE, resolve);
          return;
        }
      } catch (PDUException e) {
        MessageTracing.unanswered(span, "invalid PDU");
        outcomes.failed(m, encoded.parts(), SubmitStatus.INVALID_MESSAGE, resolve);
        return;
      } catch (IOException e) {
        MessageTracing.unanswered(span, "session broken");
        lease.broken(); // not bound any more: retry on a live session
      } catch (InterruptedException e) {
        MessageTracing.unanswered(span, "interrupted");
        return;
      } finally {
        lease.close();
      }
    }
    outcomes.submitted(m, ids, resolve);
  }
}
