package dev.relais.common.cassandra;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import com.datastax.oss.driver.api.core.ssl.ProgrammaticSslEngineFactory;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.tls.TlsTrust;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;

/**
 * Opens the Cassandra session of a service from its configuration ({@code cassandra.*}) and
 * migrates the service's keyspace before anyone uses it.
 *
 * <p>Connection is retried until {@code cassandra.timeout}: in a cluster, and in the local
 * launcher, services often start before Cassandra accepts clients. Refused credentials and a node
 * certificate that is not trusted are not transient: they fail at once, saying which setting to
 * check.
 */
public final class CassandraConnector {

  private static final Logger LOG = Logger.getLogger(CassandraConnector.class.getName());

  private CassandraConnector() {}

  /**
   * Settings read from {@code cassandra.*} keys.
   *
   * @param tls connect with TLS (CASSANDRA_TLS), verifying each node's certificate and that it
   *     names the node's address
   * @param tlsTrust PEM CA certificates the nodes' certificates must chain to (CASSANDRA_TLSTRUST);
   *     empty trusts the JDK's default CAs
   */
  public record Settings(
      List<HostPort> hosts,
      String datacenter,
      String keyspace,
      CassandraReplication replication,
      String username,
      String password,
      boolean tls,
      String tlsTrust,
      Duration connectTimeout,
      Duration requestTimeout) {

    public Settings {
      tlsTrust = tlsTrust == null ? "" : tlsTrust.strip();
      if (!tls && !tlsTrust.isEmpty()) {
        throw new IllegalArgumentException("cassandra.tlstrust is set but cassandra.tls is false");
      }
      if (username.isEmpty() != password.isEmpty()) {
        throw new IllegalArgumentException(
            "cassandra.username and cassandra.password go together; only one is set");
      }
      if (!replication.covers(datacenter)) {
        throw new IllegalArgumentException(
            "cassandra.replication "
                + replication
                + " keeps no copy in the local datacenter "
                + datacenter
                + " (cassandra.datacenter): every LOCAL_QUORUM request would fail");
      }
    }

    /**
     * Reads settings for a service whose keyspace defaults to {@code relais_<defaultSuffix>}.
     * {@code cassandra.keyspace-prefix} lets tests isolate themselves on a shared node.
     */
    public static Settings from(ServiceConfig config, String defaultSuffix) {
      List<HostPort> hosts =
          Arrays.stream(config.string("cassandra.hosts", "127.0.0.1:9042").split(","))
              .filter(s -> !s.isBlank())
              .map(s -> HostPort.parse(s, 9042))
              .toList();
      String prefix = config.string("cassandra.prefix", "relais");
      return new Settings(
          hosts,
          config.string("cassandra.datacenter", "datacenter1"),
          config.string("cassandra.keyspace", prefix + "_" + defaultSuffix),
          CassandraReplication.from(config),
          config.string("cassandra.username", ""),
          config.string("cassandra.password", ""),
          config.bool("cassandra.tls", false),
          config.string("cassandra.tlstrust", ""),
          config.duration("cassandra.timeout", Duration.ofSeconds(120)),
          config.duration("cassandra.request", Duration.ofSeconds(10)));
    }
  }

  /**
   * Connects, creates the keyspace if needed, applies the pending migrations found under {@code
   * db/<migrations>/} on the classpath, and returns a session bound to that keyspace.
   */
  public static CqlSession connectAndMigrate(Settings settings, String migrations) {
    return connectAndMigrate(settings, migrations, bootstrap -> {});
  }

  /**
   * As {@link #connectAndMigrate(Settings, String)}, and also runs {@code moreMigrations} (another
   * keyspace's, such as the dispatch queue's) on the same migration session, which keeps no schema
   * metadata (see {@link #connect(Settings, String, boolean)}).
   */
  public static CqlSession connectAndMigrate(
      Settings settings,
      String migrations,
      java.util.function.Consumer<CqlSession> moreMigrations) {
    try (CqlSession bootstrap = connect(settings, null, false)) {
      new SchemaMigrator(bootstrap, settings.keyspace(), settings.replication())
          .migrate(migrations);
      moreMigrations.accept(bootstrap);
    }
    return connect(settings, settings.keyspace());
  }

  /** Connects without migrating; {@code keyspace} may be null. */
  public static CqlSession connect(Settings settings, String keyspace) {
    return connect(settings, keyspace, true);
  }

  /**
   * @param schemaMetadata whether the session keeps the cluster's schema metadata. The migration
   *     session does not: after every schema change the driver would otherwise wait its debounce
   *     window (1 s) and read back the schema of every keyspace of the cluster before the statement
   *     returns, seconds per statement on a node holding many keyspaces, where the migrator only
   *     needs the nodes to agree (which it waits for itself).
   */
  private static CqlSession connect(Settings settings, String keyspace, boolean schemaMetadata) {
    // Built once, before any attempt: a trust bundle that cannot be read is no reason to wait.
    SSLContext tls =
        settings.tls() ? TlsTrust.context(settings.tlsTrust(), "cassandra.tlstrust") : null;
    Instant giveUp = Instant.now().plus(settings.connectTimeout());
    RuntimeException last = null;
    while (Instant.now().isBefore(giveUp)) {
      try {
        return builder(settings, tls, keyspace, schemaMetadata).build();
      } catch (RuntimeException e) {
        if (e instanceof AllNodesFailedException failure) {
          Optional<IllegalStateException> refusal = ConnectionFailure.refusal(settings, failure);
          if (refusal.isPresent()) {
            throw refusal.get();
          }
        }
        last = e;
        LOG.log(
            Level.INFO,
            "Cassandra at {0} not reachable yet ({1}); retrying",
            new Object[] {settings.hosts(), e.getMessage()});
        sleep(Duration.ofSeconds(2));
      }
    }
    throw new IllegalStateException(
        "Cassandra at "
            + settings.hosts()
            + " not reachable within "
            + settings.connectTimeout()
            + (settings.tls()
                ? ""
                : " (if its nodes require client encryption, set cassandra.tls)"),
        last);
  }

  /** Readiness: the session is open and sees at least one node up. */
  public static boolean isUp(CqlSession session) {
    return !session.isClosed()
        && session.getMetadata().getNodes().values().stream()
            .anyMatch(node -> node.getState() == NodeState.UP);
  }

  private static CqlSessionBuilder builder(
      Settings settings, SSLContext tls, String keyspace, boolean schemaMetadata) {
    DriverConfigLoader loader =
        DriverConfigLoader.programmaticBuilder()
            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, settings.requestTimeout())
            .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
            .withDuration(
                DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
            .withDuration(
                DefaultDriverOption.CONTROL_CONNECTION_AGREEMENT_TIMEOUT, Duration.ofSeconds(30))
            .withInt(DefaultDriverOption.CONNECTION_MAX_REQUESTS, 2048)
            // Acknowledged means durable on a majority of the local replicas.
            .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
            .withString(DefaultDriverOption.REQUEST_SERIAL_CONSISTENCY, "LOCAL_SERIAL")
            .withBoolean(DefaultDriverOption.METADATA_SCHEMA_ENABLED, schemaMetadata)
            .build();
    CqlSessionBuilder builder =
        CqlSession.builder()
            .withConfigLoader(loader)
            .withLocalDatacenter(settings.datacenter())
            .addContactPoints(settings.hosts().stream().map(HostPort::socketAddress).toList());
    if (!settings.username().isEmpty()) {
      builder.withAuthCredentials(settings.username(), settings.password());
    }
    if (tls != null) {
      // Host names are checked against the addresses the driver connects to, as the nodes
      // advertise them, without reverse DNS: the nodes' certificates must name those addresses.
      builder.withSslEngineFactory(new ProgrammaticSslEngineFactory(tls, null, true, false));
    }
    if (keyspace != null) {
      builder.withKeyspace(keyspace);
    }
    return builder;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Cassandra", e);
    }
  }
}
