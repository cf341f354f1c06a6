package dev.relais.cli;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.analytics.AnalyticsServer;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.contacts.ContactsServer;
import dev.relais.local.cassandra.SharedCassandra;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A Relais service started in process on loopback for a command's test, in a keyspace of its own on
 * the shared test Cassandra; closing it stops the service and drops the keyspace.
 */
public final class ServiceUnderTest implements AutoCloseable {

  private final AutoCloseable server;
  private final int port;
  private final ManagedChannel channel;
  private final CqlSession cql;
  private final String keyspace;

  private ServiceUnderTest(AutoCloseable server, int port, CqlSession cql, String keyspace) {
    this.server = server;
    this.port = port;
    this.cql = cql;
    this.keyspace = keyspace;
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
  }

  /** Contacts for French numbers, with {@code settings} added (e.g. a scheduler's address). */
  public static ServiceUnderTest contacts(Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(Map.of("phone.region", "FR", "privacy.key", "it-key"));
    all.putAll(settings);
    return start("contacts", all, ContactsServer::start, ContactsServer::port);
  }

  /** Analytics. */
  public static ServiceUnderTest analytics() {
    return start("analytics", Map.of(), AnalyticsServer::start, AnalyticsServer::port);
  }

  private static <S extends AutoCloseable> ServiceUnderTest start(
      String service,
      Map<String, String> settings,
      Function<ServiceConfig, S> start,
      ToIntFunction<S> port) {
    String keyspace =
        "it_cli_" + service + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    Map<String, String> all = new HashMap<>(settings);
    all.put("cassandra.hosts", SharedCassandra.contactPoint());
    all.put("cassandra.datacenter", SharedCassandra.localDatacenter());
    all.put("cassandra.keyspace", keyspace);
    all.put("server.port", "0");
    ServiceConfig config = ServiceConfig.of(service, all);
    S server = start.apply(config);
    CqlSession cql =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, service), keyspace);
    return new ServiceUnderTest(server, port.applyAsInt(server), cql, keyspace);
  }

  /** Where the service answers, as the commands' address options take it. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  /** A plain-text channel to the service, for setting up what a command then reads. */
  public ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() throws Exception {
    channel.shutdownNow();
    try {
      server.close();
    } finally {
      SharedCassandra.dropQuietly(cql, keyspace);
      cql.close();
    }
  }
}
