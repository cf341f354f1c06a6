package dev.relais.smsc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jsmpp.PDUStringException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.SynchronizedPDUSender;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.connection.socket.SocketConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening socket and the bind handshake. It plays jsmpp's SMPPServerSessionListener but
 * builds each SMPPServerSession itself, to bind to one address, set TCP_NODELAY, and give each
 * session a PDU writer that can hold back responses. The PDU processor degree and queue capacity go
 * into the session constructor, which is what the listener would do with them.
 */
final class SmppEndpoint implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SmppEndpoint.class);
  private static final long REJECTED_CLOSE_DELAY_MILLIS = 1_000;
  private static final long UNBIND_GRACE_MILLIS = 2_000;
  private static final long ACCEPTOR_EXIT_MILLIS = 2_000;

  private final SmscSimulatorConfig config;
  private final Supplier<SimulatorSession> sessionFactory;
  private final Function<String, ThroughputMeter> accountMeters;
  private final SessionRegistry registry;
  private final ReceiptDispatcher receipts;
  private final SimulatorCounters counters;
  private final ScheduledExecutorService scheduler;
  private final Consumer<GenericNack> nacks;
  private final ExecutorService handshakes =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("smsc-bind-", 0).factory());
  private ServerSocket serverSocket;
  private Thread acceptor;
  private volatile boolean running;

  /** Binds still to refuse, and with which command_status (see {@link #refuseBinds}). */
  private final java.util.concurrent.atomic.AtomicInteger bindsToRefuse =
      new java.util.concurrent.atomic.AtomicInteger();

  private volatile int refusalStatus;

  SmppEndpoint(
      SmscSimulatorConfig config,
      Supplier<SimulatorSession> sessionFactory,
      Function<String, ThroughputMeter> accountMeters,
      SessionRegistry registry,
      ReceiptDispatcher receipts,
      SimulatorCounters counters,
      ScheduledExecutorService scheduler,
      Consumer<GenericNack> nacks) {
    this.config = config;
    this.sessionFactory = sessionFactory;
    this.accountMeters = accountMeters;
    this.registry = registry;
    this.receipts = receipts;
    this.counters = counters;
    this.scheduler = scheduler;
    this.nacks = nacks;
  }

  /**
   * Refuses the next {@code count} binds with valid credentials with {@code commandStatus} (e.g.
   * ESME_RALYBND 0x05, as an SMSC that still believes an old session is bound answers).
   */
  void refuseBinds(int count, int commandStatus) {
    refusalStatus = commandStatus;
    bindsToRefuse.set(count);
  }

  /** Binds the port and starts accepting; returns the bound port. */
  int start() throws IOException {
    // With TLS the handshake happens on the session's first read, in its own reader thread: a
    // client that does not trust the certificate never holds up the acceptor.
    serverSocket =
        config.tls() == null
            ? new ServerSocket()
            : config.tls().getServerSocketFactory().createServerSocket();
    serverSocket.setReuseAddress(true);
    serverSocket.bind(
        new InetSocketAddress(InetAddress.getByName(config.host()), config.port()), 128);
    running = true;
    acceptor =
        DaemonThreads.named("smsc-acceptor-" + serverSocket.getLocalPort())
            .newThread(this::acceptLoop);
    acceptor.start();
    return serverSocket.getLocalPort();
  }

  @Override
  public void close() {
    running = false;
    try {
      if (serverSocket != null) {
        serverSocket.close();
      }
    } catch (IOException e) {
      log.debug("Closing the listening socket: {}", e.toString());
    }
    // The JDK defers the release of a listening socket while a thread is blocked accepting on it:
    // until the acceptor has left, the port may still take a connection.
    awaitAcceptor();
    List<SimulatorSession> sessions = registry.all();
    try (ExecutorService unbinders =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory())) {
      sessions.forEach(session -> unbinders.execute(session::unbindAndClose));
      unbinders.shutdown();
      // ESMEs that do not answer the unbind are cut off after the grace period.
      if (!unbinders.awaitTermination(UNBIND_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
        sessions.forEach(SimulatorSession::disconnect);
        unbinders.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sessions.forEach(SimulatorSession::disconnect);
    }
    handshakes.shutdownNow();
  }

  private void awaitAcceptor() {
    if (acceptor == null || acceptor == Thread.currentThread()) {
      return;
    }
    try {
      acceptor.join(ACCEPTOR_EXIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (acceptor.isAlive()) {
      log.warn("The acceptor of port {} did not stop in time", serverSocket.getLocalPort());
    }
  }

  private void acceptLoop() {
    while (running) {
      try {
        Socket socket = serverSocket.accept();
        if (!running) {
          // Accepted while closing: this endpoint no longer serves.
          socket.close();
          return;
        }
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) config.bindTimeout().toMillis());
        SimulatorSession handler = sessionFactory.get();
        SocketConnection connection = new SocketConnection(socket);
        SMPPServerSession session =
            new SMPPServerSession(
                connection,
                handler,
                handler,
                handler,
                config.pduProcessorDegree(),
                config.pduQueueCapacity(),
                new SynchronizedPDUSender(handler.pduSender()),
                new ObservingPduReader(nacks));
        handler.attach(session, connection.getOutputStream());
        handshakes.execute(() -> handshake(handler, session));
      } catch (IOException e) {
        if (running) {
          log.warn("Accepting a connection failed: {}", e.toString());
        }
      }
    }
  }

  private void handshake(SimulatorSession handler, SMPPServerSession session) {
    BindRequest request;
    try {
      request = session.waitForBind(config.bindTimeout().toMillis());
    } catch (TimeoutException | IllegalStateException e) {
      log.info("Connection closed without a bind: {}", e.getMessage());
      session.close();
      return;
    }
    String systemId = request.getSystemId();
    int status = authenticate(systemId, request.getPassword());
    if (status == SMPPConstant.STAT_ESME_ROK
        && bindsToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      log.info("Bind of {} refused by an injected fault", systemId);
      status = refusalStatus;
    } else if (status == SMPPConstant.STAT_ESME_ROK) {
      handler.bound(systemId, request.getBindType(), accountMeters.apply(systemId));
      if (!registry.reserve(handler, systemId, config.maxSessionsPerSystemId())) {
        log.info(
            "Bind of {} refused: {} sessions already bound",
            systemId,
            config.maxSessionsPerSystemId());
        status = SMPPConstant.STAT_ESME_RBINDFAIL;
      }
    } else {
      log.info("Bind of {} refused: bad credentials", systemId);
    }
    try {
      if (status != SMPPConstant.STAT_ESME_ROK) {
        counters.bindsRejected.increment();
        request.reject(status);
        scheduler.schedule(session::close, REJECTED_CLOSE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        return;
      }
      // Counted before the answer, as refusals are: an ESME that has its bind_resp sees it counted.
      counters.binds.increment();
      try {
        request.accept(config.smscSystemId());
      } catch (IOException | PDUStringException e) {
        counters.binds.decrement();
        throw e;
      }
      registry.activate(handler);
      log.info(
          "Bound {} as {} (session {})", systemId, request.getBindType(), session.getSessionId());
      if (handler.canReceive()) {
        receipts.onReceiverBound(systemId);
      }
    } catch (IOException | PDUStringException e) {
      log.info("Bind of {} failed while answering: {}", systemId, e.toString());
      registry.remove(handler);
      session.close();
    }
  }

  /**
   * An unknown system_id gets ESME_RBINDFAIL rather than ESME_RINVSYSID so that the answer does not
   * reveal which accounts exist; a wrong password gets ESME_RINVPASWD.
   */
  private int authenticate(String systemId, String password) {
    String expected = config.accounts().get(systemId);
    if (expected == null) {
      return SMPPConstant.STAT_ESME_RBINDFAIL;
    }
    boolean matches =
        MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8),
            (password == null ? "" : password).getBytes(StandardCharsets.UTF_8));
    return matches ? SMPPConstant.STAT_ESME_ROK : SMPPConstant.STAT_ESME_RINVPASWD;
  }
}
