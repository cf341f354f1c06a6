package dev.relais.contacts;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.contacts.client.ContactsImporter;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import io.grpc.Channel;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A contacts service on its own fresh keyspace of the shared test Cassandra, with a gRPC stub, an
 * importer and a direct CQL session to check what is stored.
 */
final class ContactsHarness implements AutoCloseable {

  final String keyspace =
      "it_contacts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  final ContactsServer server;
  final CqlSession session;
  final ContactsServiceGrpc.ContactsServiceBlockingStub contacts;
  final ContactsImporter importer;
  private final Telemetry telemetry;

  /** Starts the service with {@code overrides} on top of the test defaults. */
  ContactsHarness(Map<String, String> overrides) {
    this(overrides, null);
  }

  /**
   * {@link #ContactsHarness(Map)} with the service's telemetry SDK (e.g. exporting to memory),
   * closed with it; null for the one the service builds.
   */
  ContactsHarness(Map<String, String> overrides, Telemetry serverTelemetry) {
    Map<String, String> settings = new HashMap<>();
    settings.put("cassandra.hosts", SharedCassandra.contactPoint());
    settings.put("cassandra.datacenter", SharedCassandra.localDatacenter());
    settings.put("cassandra.keyspace", keyspace);
    settings.put("server.port", "0");
    settings.put("phone.region", "FR");
    settings.put("privacy.key", "it-privacy-key");
    settings.putAll(overrides);
    ServiceConfig config = ServiceConfig.of("contacts", settings);
    server =
        serverTelemetry == null
            ? ContactsServer.start(config)
            : ContactsServer.start(config, serverTelemetry);
    session =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "contacts"), keyspace);
    telemetry = Telemetry.create("contacts-it", null, 1.0);
    Channel channel = GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), telemetry);
    contacts = ContactsServiceGrpc.newBlockingStub(channel);
    importer = new ContactsImporter(channel, Duration.ofMinutes(2));
  }

  /** Rows of a CQL count query in the test keyspace. */
  long count(String cql, Object... values) {
    return session.execute(cql, values).one().getLong(0);
  }

  @Override
  public void close() {
    try {
      // Best effort: a busy shared node may take long to drop; a leftover keyspace is harmless.
      session.execute(
          SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + keyspace)
              .setTimeout(Duration.ofSeconds(60)));
    } catch (RuntimeException e) {
      System.err.println("could not drop test keyspace " + keyspace + ": " + e.getMessage());
    }
    session.close();
    server.close();
    telemetry.close();
  }
}
