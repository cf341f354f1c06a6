package dev.relais.local.cassandra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Cassandra (the real cassandra-all) run in a child JVM on a JDK 11 or 17, with all
 * its files under one data directory that survives restarts.
 */
public final class EmbeddedCassandra {

  /** The datacenter name of a node using SimpleSnitch; the driver needs it. */
  public static final String LOCAL_DATACENTER = "datacenter1";

  /** Cassandra 5.0 runs on these JDKs only (later ones lack the security manager it installs). */
  public static final Set<Integer> SUPPORTED_JDKS = Set.of(11, 17);

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCassandra.class);
  private static final Pattern HEAP_SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

  private final Path dataDirectory;
  private final int cqlPort;
  private final String heapSize;
  private final Path logFile;
  private final Duration startTimeout;
  private final Path javaHome;
  private final ClientSecurity security;
  private final boolean syncedCommits;
  private final boolean lazySchemaFlush;

  private EmbeddedCassandra(Builder builder) {
    this.dataDirectory = builder.dataDirectory.toAbsolutePath().normalize();
    this.cqlPort = builder.cqlPort;
    this.heapSize = builder.heapSize;
    this.logFile =
        builder.logFile != null
            ? builder.logFile.toAbsolutePath().normalize()
            : dataDirectory.resolve("cassandra.log");
    this.startTimeout = builder.startTimeout;
    this.javaHome = builder.javaHome;
    this.security =
        new ClientSecurity(
            builder.tlsKeyStore, builder.tlsKeyStorePassword, builder.passwordAuthentication);
    this.syncedCommits = builder.syncedCommits;
    this.lazySchemaFlush = builder.lazySchemaFlush;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Launches the node and waits until it accepts CQL sessions.
   *
   * @throws CassandraStartException when it exits or times out; the message has its log's tail
   */
  public RunningCassandra start() {
    JdkLocator.Jdk jdk = findJdk();
    NodeDirectory dir = NodeDirectory.open(dataDirectory);
    Process process = null;
    try {
      LoopbackPorts ports = new LoopbackPorts();
      int nativePort = cqlPort > 0 ? ports.required(cqlPort, "CQL") : ports.free();
      int storagePort = ports.preferred(dir.previousStoragePort().orElse(0));
      int jmxPort = ports.free();
      dir.rememberStoragePort(storagePort);

      Path config =
          write(
              dir.conf().resolve("cassandra.yaml"),
              CassandraYaml.render(dir, storagePort, nativePort, security, syncedCommits));
      Path logback = write(dir.conf().resolve("logback.xml"), CassandraYaml.logbackXml());
      Path classpath =
          write(
              dir.conf().resolve("classpath.args"),
              CassandraCommandLine.classpathArgFile(CassandraClasspath.resolve()));
      List<String> command =
          CassandraCommandLine.build(
              new CassandraCommandLine.Spec(
                  jdk.javaExecutable(),
                  classpath,
                  config,
                  logback,
                  dir,
                  heapSize,
                  jmxPort,
                  ProcessHandle.current().pid(),
                  lazySchemaFlush));

      Files.createDirectories(logFile.getParent());
      Files.writeString(
          logFile,
          "=== relais-local-cassandra: starting on JDK "
              + jdk.featureVersion()
              + " at "
              + Instant.now()
              + " (CQL port "
              + nativePort
              + ") ===\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      long started = System.nanoTime();
      process =
          new ProcessBuilder(command)
              .directory(dir.root().toFile())
              .redirectErrorStream(true)
              .redirectOutput(Redirect.appendTo(logFile.toFile()))
              .start();
      LOG.info(
          "Starting Cassandra (pid {}, JDK {} at {}) with data in {}, log in {}",
          process.pid(),
          jdk.featureVersion(),
          jdk.home(),
          dir.root(),
          logFile);
      String version =
          CqlReadiness.await(
              process,
              new InetSocketAddress("127.0.0.1", nativePort),
              security,
              startTimeout,
              logFile);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      LOG.info(
          "Cassandra {} ready on 127.0.0.1:{} after {} ms", version, nativePort, took.toMillis());
      return new RunningCassandra(process, dir, nativePort, logFile, version, took);
    } catch (IOException e) {
      stopQuietly(process, dir);
      throw new UncheckedIOException("Cannot launch Cassandra", e);
    } catch (InterruptedException e) {
      stopQuietly(process, dir);
      Thread.currentThread().interrupt();
      throw new CassandraStartException("Interrupted while Cassandra was starting", logFile, e);
    } catch (RuntimeException e) {
      stopQuietly(process, dir);
      throw e;
    }
  }

  private JdkLocator.Jdk findJdk() {
    if (javaHome == null) {
      return JdkLocator.system().find(SUPPORTED_JDKS);
    }
    int version =
        JdkLocator.featureVersion(javaHome)
            .orElseThrow(() -> new IllegalStateException("No JDK release file in " + javaHome));
    if (!SUPPORTED_JDKS.contains(version)) {
      throw new IllegalStateException(
          "Cassandra needs JDK 11 or 17, but " + javaHome + " is JDK " + version);
    }
    return new JdkLocator.Jdk(javaHome, version);
  }

  private static Path write(Path file, String content) throws IOException {
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static void stopQuietly(Process process, NodeDirectory dir) {
    try {
      if (process != null && process.isAlive()) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      dir.close();
    }
  }

  /** Configures an {@link EmbeddedCassandra}. */
  public static final class Builder {
    private Path dataDirectory;
    private int cqlPort;
    private String heapSize = "2g";
    private Path logFile;
    private Duration startTimeout = Duration.ofMinutes(3);
    private Path javaHome;
    private Path tlsKeyStore;
    private String tlsKeyStorePassword;
    private boolean passwordAuthentication;
    private boolean syncedCommits;
    private boolean lazySchemaFlush;

    private Builder() {}

    /**
     * Clients must connect with TLS; the node presents the key and certificate of this PKCS#12 key
     * store (whose password is also the key's). For testing clients the way a production cluster
     * receives them; the local platform speaks plain CQL.
     */
    public Builder clientTls(Path keyStore, String password) {
      this.tlsKeyStore = keyStore.toAbsolutePath().normalize();
      this.tlsKeyStorePassword = Objects.requireNonNull(password);
      return this;
    }

    /**
     * The node acknowledges a write only once its commit log is synced (group sync, every 5 ms), so
     * that a {@code kill -9} loses nothing acknowledged, as a production cluster's quorum ensures.
     * Off by default: the local platform keeps Cassandra's periodic sync, a third faster here, and
     * may forget the last 10 s of writes if its node is killed.
     */
    public Builder syncedCommits() {
      this.syncedCommits = true;
      return this;
    }

    /**
     * Schema changes are not flushed to disk one by one (Cassandra's own test setting): creating a
     * table then takes a fraction of the time, which matters to a test node on which every test
     * creates its keyspaces. Their mutations are still in the commit log, but a node killed before
     * its next flush may come back without recent tables, so only for a node that is stopped
     * gracefully or thrown away; never with {@link #syncedCommits()}, whose point is surviving a
     * kill.
     */
    public Builder lazySchemaFlush() {
      this.lazySchemaFlush = true;
      return this;
    }

    /** Clients must log in (PasswordAuthenticator); the superuser is cassandra/cassandra. */
    public Builder passwordAuthentication() {
      this.passwordAuthentication = true;
      return this;
    }

    /** Where all of the node's files live; an existing directory is reused, never wiped. */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = Objects.requireNonNull(dataDirectory);
      return this;
    }

    /** The CQL (native transport) port; 0, the default, picks a free one. */
    public Builder cqlPort(int cqlPort) {
      if (cqlPort < 0 || cqlPort > 65535) {
        throw new IllegalArgumentException("Not a port: " + cqlPort);
      }
      this.cqlPort = cqlPort;
      return this;
    }

    /** Heap of the child JVM in java's syntax, e.g. {@code "2g"} (default) or {@code "768m"}. */
    public Builder heapSize(String heapSize) {
      if (!HEAP_SIZE.matcher(heapSize).matches()) {
        throw new IllegalArgumentException("Not a heap size: " + heapSize);
      }
      this.heapSize = heapSize;
      return this;
    }

    /** Where Cassandra's output is appended; defaults to {@code cassandra.log} in the data dir. */
    public Builder logFile(Path logFile) {
      this.logFile = logFile;
      return this;
    }

    /** How long to wait for CQL; defaults to three minutes (a busy 2-core machine is slow). */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = Objects.requireNonNull(startTimeout);
      return this;
    }

    /** The JDK to run Cassandra on; by default {@link JdkLocator} finds a JDK 11 or 17. */
    public Builder javaHome(Path javaHome) {
      this.javaHome = javaHome;
      return this;
    }

    public EmbeddedCassandra build() {
      if (dataDirectory == null) {
        throw new IllegalStateException("dataDirectory is required");
      }
      return new EmbeddedCassandra(this);
    }
  }
}
