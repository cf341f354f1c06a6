package dev.relais.dispatch;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.cassandra.SchemaMigrator;
import dev.relais.common.config.ServiceConfig;
import dev.relais.local.cassandra.SharedCassandra;
import java.util.Map;
import java.util.UUID;

/**
 * The dispatch and queue keyspaces that the integration tests of one JVM share, created and
 * migrated on first use and dropped at JVM exit.
 *
 * <p>Each schema change is a round of schema agreement on the shared node: creating the two
 * keyspaces takes tens of seconds there, too long to repeat for every test. Every table of both
 * keyspaces is keyed by route, so a test that works on a route of its own (see {@link
 * DispatchHarness}) sees empty tables all the same.
 */
public final class TestKeyspaces {

  private static final String SUFFIX =
      UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  /** The dispatch service's keyspace (correlations). */
  public static final String DISPATCH = "it_dispatch_" + SUFFIX;

  /** The dispatch queue's keyspace. */
  public static final String QUEUE = "it_dispq_" + SUFFIX;

  private static CqlSession session;

  private TestKeyspaces() {}

  /** The {@code cassandra.*} and {@code queue.keyspace} settings that point a service at them. */
  public static Map<String, String> settings() {
    return Map.of(
        "cassandra.hosts",
        SharedCassandra.contactPoint(),
        "cassandra.datacenter",
        SharedCassandra.localDatacenter(),
        "cassandra.keyspace",
        DISPATCH,
        "queue.keyspace",
        QUEUE);
  }

  /**
   * A session on the dispatch keyspace, both keyspaces migrated; shared by the whole JVM, so never
   * to be closed by a test.
   */
  public static synchronized CqlSession session() {
    if (session == null) {
      CassandraConnector.Settings settings =
          CassandraConnector.Settings.from(ServiceConfig.of("dispatch-it", settings()), "dispatch");
      CqlSession migrated = CassandraConnector.connectAndMigrate(settings, "dispatch");
      new SchemaMigrator(migrated, QUEUE, settings.replication()).migrate("queue");
      Runtime.getRuntime()
          .addShutdownHook(
              Thread.ofPlatform()
                  .name("drop-test-keyspaces")
                  .unstarted(() -> {
                    SharedCassandra.dropQuietly(migrated, DISPATCH);
                    SharedCassandra.dropQuietly(migrated, QUEUE);
                    migrated.close();
                  }));
      session = migrated;
    }
    return session;
  }
}
