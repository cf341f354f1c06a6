package dev.relais.common.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.relais.common.grpc.HostPort;
import dev.relais.local.cassandra.SharedCassandra;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The keyspace's replication against a real node: created as configured, never silently kept. */
class SchemaMigratorIT {

  private static final String DC = SharedCassandra.localDatacenter();

  private CqlSession session;
  private String keyspace;

  @BeforeEach
  void open() {
    keyspace =
        "relais_migrator_it_" + Long.toHexString(ThreadLocalRandom.current().nextLong(1L << 40));
    session =
        CqlSession.builder()
            .addContactPoint(HostPort.parse(SharedCassandra.contactPoint(), 9042).socketAddress())
            .withLocalDatacenter(DC)
            .withConfigLoader(
                DriverConfigLoader.programmaticBuilder()
                    .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                    .withDuration(DefaultDriverOption.METADATA_SCHEMA_WINDOW, Duration.ZERO)
                    .build())
            .build();
  }

  @AfterEach
  void drop() {
    SharedCassandra.dropQuietly(session, keyspace);
    session.close();
  }

  @Test
  void aNewKeyspaceGetsTheConfiguredReplication() {
    CassandraReplication wanted = CassandraReplication.networkTopology(Map.of(DC, 1));

    new SchemaMigrator(session, keyspace, wanted).migrate("sample");

    assertThat(CassandraReplication.fromSchema(replicationOf(keyspace))).isEqualTo(wanted);
    assertThat(session.execute("SELECT * FROM " + keyspace + ".b").all()).isEmpty();
  }

  @Test
  void anExistingKeyspaceWithTheSameReplicationIsMigratedAgainWithoutComplaint() {
    CassandraReplication wanted = CassandraReplication.networkTopology(Map.of(DC, 1));
    new SchemaMigrator(session, keyspace, wanted).migrate("sample");

    assertThat(new SchemaMigrator(session, keyspace, wanted).migrate("sample")).isEmpty();
  }

  @Test
  void anotherReplicationOfAnExistingKeyspaceIsRefusedWithTheWayToChangeIt() {
    new SchemaMigrator(session, keyspace, CassandraReplication.LOCAL).migrate("sample");
    CassandraReplication wanted = CassandraReplication.networkTopology(Map.of(DC, 1));

    assertThatThrownBy(() -> new SchemaMigrator(session, keyspace, wanted).migrate("sample"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exists with replication {'class': 'SimpleStrategy'")
        .hasMessageContaining(
            "ALTER KEYSPACE "
                + keyspace
                + " WITH replication = {'class': 'NetworkTopologyStrategy', '"
                + DC
                + "': 1}")
        .hasMessageContaining("nodetool repair -full " + keyspace)
        .hasMessageContaining("set cassandra.replication back to SimpleStrategy:1");
    // Refused, not half-applied: the keyspace keeps its replication.
    assertThat(CassandraReplication.fromSchema(replicationOf(keyspace)))
        .isEqualTo(CassandraReplication.LOCAL);
  }

  @Test
  void afterTheOperatorAltersTheKeyspaceTheServicesStartAgain() {
    new SchemaMigrator(session, keyspace, CassandraReplication.LOCAL).migrate("sample");
    CassandraReplication wanted = CassandraReplication.networkTopology(Map.of(DC, 1));
    session.execute(
        SimpleStatement.newInstance(
            "ALTER KEYSPACE " + keyspace + " WITH replication = " + wanted.cql()));

    assertThat(new SchemaMigrator(session, keyspace, wanted).migrate("sample")).isEmpty();
  }

  private Map<String, String> replicationOf(String ks) {
    return session
        .execute("SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?", ks)
        .one()
        .getMap("replication", String.class, String.class);
  }
}
