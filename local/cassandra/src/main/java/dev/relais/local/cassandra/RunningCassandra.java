package dev.relais.local.cassandra;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started Cassandra node; closing it stops the child JVM, as does the end of this JVM. */
public final class RunningCassandra implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RunningCassandra.class);

  /** Long enough for Cassandra to drain memtables and the commit log on SIGTERM. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final NodeDirectory dir;
  private final int cqlPort;
  private final Path logFile;
  private final String version;
  private final Duration startDuration;
  private final Thread shutdownHook;
  private boolean closed;

  RunningCassandra(
      Process process,
      NodeDirectory dir,
      int cqlPort,
      Path logFile,
      String version,
      Duration startDuration) {
    this.process = process;
    this.dir = dir;
    this.cqlPort = cqlPort;
    this.logFile = logFile;
    this.version = version;
    this.startDuration = startDuration;
    this.shutdownHook = new Thread(this::close, "relais-cassandra-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** {@code "127.0.0.1:PORT"}, the form RELAIS_CASSANDRA and the services' config use. */
  public String contactPoint() {
    return "127.0.0.1:" + cqlPort;
  }

  /** The CQL endpoint, for {@code CqlSession.builder().addContactPoint(..)}. */
  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", cqlPort);
  }

  public int cqlPort() {
    return cqlPort;
  }

  /** The local datacenter name the driver must be given. */
  public String localDatacenter() {
    return EmbeddedCassandra.LOCAL_DATACENTER;
  }

  public Path dataDirectory() {
    return dir.root();
  }

  public Path logFile() {
    return logFile;
  }

  /** Cassandra's release version as reported by the node, e.g. {@code "5.0.9"}. */
  public String version() {
    return version;
  }

  /** Time from launching the child JVM until a CQL session could query it. */
  public Duration startDuration() {
    return startDuration;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Blocks until the child JVM exits, for whatever reason, and returns its exit code. */
  public int awaitExit() throws InterruptedException {
    return process.waitFor();
  }

  /**
   * Stops the node gracefully (SIGTERM, so that it drains), forcibly after a minute. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // Already shutting down: this call probably is the hook.
    }
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("Cassandra (pid {}) did not stop within {}; killing it", pid(), STOP_TIMEOUT);
          process.destroyForcibly().waitFor();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      dir.close();
    }
  }
}
