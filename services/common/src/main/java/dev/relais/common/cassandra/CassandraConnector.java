package dev.relais.common.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.HostPort;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Opens the Cassandra session of a service from its configuration ({@code cassandra.*}) and
 * migrates the service's keyspace before anyone uses it.
 *
 * <p>Connection is retried until {@code cassandra.connect-timeout}: in a cluster, and in the local
 * launcher, services often start before Cassandra accepts clients.
 */
public final class CassandraConnector {

  private static final Logger LOG = Logger.getLogger(CassandraConnector.class.getName());

  private CassandraConnector() {}

  /** Settings read from {@code cassandra.*} keys. */
  public record Settings(
      List<HostPort> hosts,
      String datacenter,
      String keyspace,
      String replication,
      String username,
      String password,
      Duration connectTimeout,
      Duration requestTimeout) {

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
          config.string(
              "cassandra.replication", "{'class': 'SimpleStrategy', 'replication_factor': 1}"),
          config.string("cassandra.username", ""),
          config.string("cassandra.password", ""),
          config.duration("cassandra.timeout", Duration.ofSeconds(120)),
          config.duration("cassandra.request", Duration.ofSeconds(10)));
    }
  }

  /**
   * Connects, creates the keyspace if needed, applies the pending migrations found under {@code
   * db/<migrations>/} on the classpath, and returns a session bound to that keyspace.
   */
  public static CqlSession connectAndMigrate(Settings settings, String migrations) {
    try (CqlSession bootstrap = connect(settings, null)) {
      new SchemaMigrator(bootstrap, settings.keyspace(), settings.replication())
          .migrate(migrations);
    }
    return connect(settings, settings.keyspace());
  }

  /** Connects without migrating; {@code keyspace} may be null. */
  public static CqlSession connect(Settings settings, String keyspace) {
    Instant giveUp = Instant.now().plus(settings.connectTimeout());
    RuntimeException last = null;
    while (Instant.now().isBefore(giveUp)) {
      try {
        return builder(settings, keyspace).build();
      } catch (RuntimeException e) {
        last = e;
        LOG.log(
            Level.INFO,
            "Cassandra at {0} not reachable yet ({1}); retrying",
            new Object[] {settings.hosts(), e.getMessage()});
        sleep(Duration.ofSeconds(2));
      }
    }
    throw new IllegalStateException(
        "Cassandra at " + settings.hosts() + " not reachable within " + settings.connectTimeout(),
        last);
  }

  /** Readiness: the session is open and sees at least one node up. */
  public static boolean isUp(CqlSession session) {
    return !session.isClosed()
        && session.getMetadata().getNodes().values().stream()
            .anyMatch(node -> node.getState() == NodeState.UP);
  }

  private static CqlSessionBuilder builder(Settings settings, String keyspace) {
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
            .build();
    CqlSessionBuilder builder =
        CqlSession.builder()
            .withConfigLoader(loader)
            .withLocalDatacenter(settings.datacenter())
            .addContactPoints(settings.hosts().stream().map(HostPort::socketAddress).toList());
    if (!settings.username().isEmpty()) {
      builder.withAuthCredentials(settings.username(), settings.password());
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
