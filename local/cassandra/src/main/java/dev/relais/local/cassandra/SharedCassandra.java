package dev.relais.local.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cassandra that tests use: the one named by {@value #ENV} (set by {@code ./relais test}), or
 * else one node per JVM, started on first use in a temporary directory and removed at JVM exit.
 *
 * <p>Schema changes take a second or more on a small machine: give test sessions a request timeout
 * of tens of seconds and a zero {@code METADATA_SCHEMA_WINDOW}, and use a keyspace of their own,
 * since other test JVMs share the node.
 */
public final class SharedCassandra {

  /** Environment variable with the {@code host:port} of an already running node. */
  public static final String ENV = "RELAIS_CASSANDRA";

  private static final Logger LOG = LoggerFactory.getLogger(SharedCassandra.class);

  private static String contactPoint;
  private static RuntimeException startFailure;

  private SharedCassandra() {}

  /**
   * Drops a test's keyspace, best effort: a busy shared node may take long to drop one (far more
   * than the driver's default 10 s), and a leftover keyspace is harmless, so a slow or failed drop
   * is reported, never a test failure.
   */
  public static void dropQuietly(CqlSession session, String ks) {
    try {
      session.execute(
          SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + ks)
              .setTimeout(Duration.ofSeconds(60)));
    } catch (RuntimeException e) {
      LOG.warn("could not drop test keyspace {}: {}", ks, e.getMessage());
    }
  }

  /**
   * {@code "host:port"} of a running node, starting one if needed.
   *
   * @throws CassandraStartException when the node cannot start (again on every later call, at once,
   *     so that a test suite does not wait for each test)
   */
  public static synchronized String contactPoint() {
    if (contactPoint != null) {
      return contactPoint;
    }
    if (startFailure != null) {
      throw startFailure;
    }
    String configured = System.getenv(ENV);
    if (configured != null && !configured.isBlank()) {
      contactPoint = configured.strip();
      return contactPoint;
    }
    try {
      contactPoint = startPrivateNode();
      return contactPoint;
    } catch (RuntimeException e) {
      startFailure = e;
      throw e;
    }
  }

  /** The datacenter name to give the driver. */
  public static String localDatacenter() {
    return EmbeddedCassandra.LOCAL_DATACENTER;
  }

  private static String startPrivateNode() {
    Path dir;
    try {
      dir = Files.createTempDirectory("relais-cassandra-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LOG.info("{} is not set: starting a Cassandra node for this JVM in {}", ENV, dir);
    // Thrown away at exit, never killed mid-test: schema changes need not be flushed one by one.
    RunningCassandra node =
        EmbeddedCassandra.builder().dataDirectory(dir).lazySchemaFlush().build().start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  deleteRecursively(dir);
                },
                "relais-shared-cassandra-cleanup"));
    return node.contactPoint();
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
