package dev.relais.dispatch.smpp;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.connection.Connection;

/**
 * The transceiver binds of one dispatcher: each slot keeps one jsmpp session bound, rebinding with
 * exponential backoff and jitter when it drops, and hands out its window of submit permits.
 *
 * <p>A permit ({@link Lease}) stands for one submit_sm awaiting its response, so a session never
 * has more than {@code smpp.window} unacknowledged requests. A throttled session pauses for a
 * growing while; other sessions keep submitting.
 *
 * <p>Connections are plain TCP or TLS ({@link SmscConnector}); what the SMSC sends is read by a
 * {@link GuardedPduReader}, so a malformed PDU is answered with generic_nack and, when the stream
 * cannot be trusted any more, ends in a rebind rather than a stuck session.
 */
public final class SmppSessions implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(SmppSessions.class.getName());

  /**
   * jsmpp logs two INFO lines for every deliver_sm it refuses for a full receive queue; {@link
   * ReceiptRefusals} reports them once per burst instead. Held here so that the level stays set.
   */
  private static final Logger JSMPP_SESSION_LOG = quietJsmppSessionLog();

  /** A session up this long counts as healthy: its next drop starts the backoff from scratch. */
  private static final long STABLE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private static final long MAX_WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final SmppSettings settings;
  private final IntFunction<MessageReceiverListener> receivers;
  private final Consumer<String> errors;
  private final Runnable malformedPdu;
  private final AtomicLong malformedPdus = new AtomicLong();
  private final SmscConnector connector;
  private final Backoff reconnect;
  private final Backoff throttle;
  private final Slot[] slots;
  private final AtomicInteger next = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final AtomicInteger waiters = new AtomicInteger();
  private volatile boolean closed;
  private final Consumer<String> resolved;
  private final Runnable receiptRefused;

  /**
   * @param receiver handles deliver_sm (receipts and inbound messages) on every session
   * @param errors told about bind failures and lost sessions, e.g. to show the last error
   */
  public SmppSessions(
      SmppSettings settings, MessageReceiverListener receiver, Consumer<String> errors) {
    this(settings, receiver, errors, () -> {});
  }

  /**
   * @param malformedPdu told about every malformed PDU the SMSC sent, e.g. to count them
   * @throws IllegalArgumentException if TLS is on and the trust bundle cannot be read
   */
  public SmppSessions(
      SmppSettings settings,
      MessageReceiverListener receiver,
      Consumer<String> errors,
      Runnable malformedPdu) {
    this(settings, receiver, errors, malformedPdu, message -> {});
  }

  /**
   * @param resolved told, with the message it had been given, when a session whose bind failed or
   *     was lost is bound again, e.g. to clear the last error
   */
  public SmppSessions(
      SmppSettings settings,
      MessageReceiverListener receiver,
      Consumer<String> errors,
      Runnable malformedPdu,
      Consumer<String> resolved) {
    this(settings, session -> receiver, errors, malformedPdu, resolved, () -> {});
  }

  /**
   * @param receivers the listener of each session, by its index (from 0)
   * @param receiptRefused told each time jsmpp refused a deliver_sm with ESME_RTHROTTLED because a
   *     session's receive queue was full, e.g. to count it: the SMSC may never send it again
   */
  public SmppSessions(
      SmppSettings settings,
      IntFunction<MessageReceiverListener> receivers,
      Consumer<String> errors,
      Runnable malformedPdu,
      Consumer<String> resolved,
      Runnable receiptRefused) {
    this.resolved = resolved;
    this.receiptRefused = receiptRefused;
    this.settings = settings;
    this.receivers = receivers;
    this.errors = errors;
    this.malformedPdu = malformedPdu;
    this.connector = SmscConnector.from(settings);
    this.reconnect = Backoff.of(settings.reconnectInitial(), settings.reconnectMax());
    this.throttle = Backoff.of(Duration.ofMillis(200), Duration.ofSeconds(10));
    this.slots = new Slot[settings.sessions()];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Slot(i);
    }
  }

  /** Starts binding every session in the background. */
  public void start() {
    for (Slot slot : slots) {
      slot.supervisor =
          Thread.ofPlatform().daemon().name("smpp-bind-" + slot.index).start(slot::supervise);
    }
  }

  /** Sessions bound right now. */
  public int bindsUp() {
    int up = 0;
    for (Slot slot : slots) {
      if (slot.session != null) {
        up++;
      }
    }
    return up;
  }

  /** Submit permits taken now over all sessions: submit_sm awaiting their response. */
  public int windowInUse() {
    int used = 0;
    for (Slot slot : slots) {
      used += settings.window() - slot.window.availablePermits();
    }
    return used;
  }

  /** Malformed PDUs received from the SMSC since start. */
  public long malformedPdus() {
    return malformedPdus.get();
  }

  /** Waits until at least one session is bound; false on timeout. */
  public boolean awaitBound(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (bindsUp() == 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || closed) {
        return false;
      }
      lock.lock();
      try {
        if (bindsUp() == 0) {
          changed.awaitNanos(Math.min(left, MAX_WAIT_SLICE_NANOS));
        }
      } finally {
        lock.unlock();
      }
    }
    return true;
  }

  /**
   * Takes a submit permit on a bound, unthrottled session, waiting up to {@code timeout}; null when
   * none frees up in time or the sessions are closing.
   */
  public Lease acquire(Duration timeout) throws InterruptedException {
    Lease lease = tryAcquire();
    if (lease != null) {
      return lease;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    waiters.incrementAndGet();
    try {
      while (!closed) {
        lock.lock();
        try {
          lease = tryAcquire();
          if (lease != null) {
            return lease;
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return null;
          }
          // Bounded slices: a throttle pause ends without anyone signalling.
          changed.awaitNanos(Math.min(left, MAX_WAIT_SLICE_NANOS));
        } finally {
          lock.unlock();
        }
      }
      return null;
    } finally {
      waiters.decrementAndGet();
    }
  }

  private Lease tryAcquire() {
    long now = System.nanoTime();
    int start = next.getAndIncrement();
    for (int i = 0; i < slots.length; i++) {
      Slot slot = slots[Math.floorMod(start + i, slots.length)];
      if (slot.session == null || slot.pausedUntil - now > 0 || !slot.window.tryAcquire()) {
        continue;
      }
      SMPPSession session = slot.session;
      if (session == null) {
        slot.window.release();
        continue;
      }
      return new Lease(slot, session);
    }
    return null;
  }

  private void signal() {
    if (waiters.get() > 0) {
      lock.lock();
      try {
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Unbinds every session and stops rebinding. */
  @Override
  public void close() {
    closed = true;
    for (Slot slot : slots) {
      SMPPSession session = slot.session;
      if (session != null) {
        session.unbindAndClose();
      }
      if (slot.supervisor != null) {
        slot.supervisor.interrupt();
      }
    }
    for (Slot slot : slots) {
      if (slot.supervisor != null) {
        try {
          slot.supervisor.join(settings.bindTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** One submit permit on one session; close it once the submit_sm has its answer. */
  public final class Lease implements AutoCloseable {
    private final Slot slot;
    private final SMPPSession session;
    private boolean released;

    private Lease(Slot slot, SMPPSession session) {
      this.slot = slot;
      this.session = session;
    }

    public SMPPSession session() {
      return session;
    }

    /** Index of the bind this permit is on (0 to sessions - 1). */
    public int index() {
      return slot.index;
    }

    /** The SMSC accepted a submit: the session's throttling streak ends. */
    public void accepted() {
      slot.throttleStreak = 0;
    }

    /** The SMSC throttled this session: pause it for a while that grows with the streak. */
    public void throttled() {
      int streak = slot.throttleStreak++;
      slot.pausedUntil = System.nanoTime() + throttle.delay(streak).toNanos();
    }

    /** The session failed under us: keep it out of rotation until its supervisor notices. */
    public void broken() {
      slot.pausedUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        slot.window.release();
        signal();
      }
    }
  }

  /** One bind and its window. */
  private final class Slot {
    final int index;
    final Semaphore window = new Semaphore(settings.window());
    volatile SMPPSession session;
    volatile long pausedUntil = System.nanoTime();
    volatile int throttleStreak;
    Thread supervisor;

    /** The bind failure or loss last reported for this slot, until it binds again. */
    String bindProblem;

    Slot(int index) {
      this.index = index;
    }

    void supervise() {
      int failures = 0;
      while (!closed) {
        long boundAt = 0;
        SMPPSession candidate = newSession();
        CountDownLatch lost = new CountDownLatch(1);
        candidate.addSessionStateListener((newState, oldState, source) -> {
          if (newState == SessionState.CLOSED || newState == SessionState.UNBOUND) {
            lost.countDown();
          }
        });
        try {
          candidate.connectAndBind(
              settings.host(),
              settings.port(),
              new BindParameter(
                  BindType.BIND_TRX,
                  settings.systemId(),
                  settings.password(),
                  settings.systemType(),
                  TypeOfNumber.UNKNOWN,
                  NumberingPlanIndicator.UNKNOWN,
                  null),
              settings.bindTimeout().toMillis());
          boundAt = System.nanoTime();
          session = candidate;
          LOG.info(() -> "SMPP session " + index + " bound to " + settings);
          if (bindProblem != null) {
            resolved.accept(bindProblem);
            bindProblem = null;
          }
          wakeAll();
          while (!closed && !lost.await(1, TimeUnit.SECONDS)) {
            if (!candidate.getSessionState().isBound()) {
              break;
            }
          }
        } catch (IOException e) {
          bindProblem = "SMPP bind " + index + " failed: " + e.getMessage();
          report(bindProblem, e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
          bindProblem = "SMPP session " + index + " failed: " + e;
          report(bindProblem, e);
        } finally {
          session = null;
          candidate.unbindAndClose();
        }
        if (closed || Thread.currentThread().isInterrupted()) {
          return;
        }
        if (boundAt != 0) {
          bindProblem = "SMPP session " + index + " lost; rebinding";
          report(bindProblem, null);
          if (System.nanoTime() - boundAt > STABLE_NANOS) {
            failures = 0;
          }
        }
        try {
          Thread.sleep(reconnect.delay(failures++));
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    private SMPPSession newSession() {
      GuardedPduReader reader =
          new GuardedPduReader(
              settings.maxPduLength(),
              fault -> {
                malformedPdus.incrementAndGet();
                malformedPdu.run();
                report("SMPP session " + index + ": " + fault, null);
              });
      SMPPSession s =
          new SMPPSession(
              new SynchronizedPDUSender(new QueueRefusalPduSender(receiptRefused)),
              reader,
              (host, port) -> {
                Connection connection = connector.open(host, port);
                reader.answerOn(connection.getOutputStream());
                return connection;
              });
      // Must be set before connecting: jsmpp sizes its queue of incoming PDUs when it connects.
      s.setPduProcessorDegree(settings.pduProcessorDegree());
      s.setQueueCapacity(settings.receiveQueue());
      s.setTransactionTimer(settings.responseTimeout().toMillis());
      s.setEnquireLinkTimer((int) settings.enquireLink().toMillis());
      s.setMessageReceiverListener(receivers.apply(index));
      return s;
    }

    private void report(String message, Throwable cause) {
      errors.accept(message);
      LOG.warning(message);
      if (cause != null) {
        LOG.log(Level.FINE, message, cause);
      }
    }
  }

  private static Logger quietJsmppSessionLog() {
    Logger logger = Logger.getLogger(SMPPSession.class.getName());
    logger.setLevel(Level.WARNING);
    return logger;
  }

  private void wakeAll() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
