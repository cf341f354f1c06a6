package dev.relais.common.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.common.config.ServiceConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CassandraReplicationTest {

  @Test
  void withoutTheSettingTheLocalSingleNodeReplicationApplies() {
    CassandraReplication replication = CassandraReplication.from(ServiceConfig.of("t", Map.of()));

    assertThat(replication.cql()).isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 1}");
  }

  @Test
  void datacentersAndFactorsBecomeTheCqlMap() {
    CassandraReplication replication =
        CassandraReplication.parse("NetworkTopologyStrategy: dc2=2, dc1=3");

    assertThat(replication.cql())
        .isEqualTo("{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc2': 2}");
    assertThat(replication).hasToString("NetworkTopologyStrategy:dc1=3,dc2=2");
    assertThat(CassandraReplication.parse(replication.toString())).isEqualTo(replication);
  }

  @Test
  void cqlTextIsNoLongerAccepted() {
    assertThatThrownBy(() ->
            CassandraReplication.parse("{'class': 'SimpleStrategy', 'replication_factor': 1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NetworkTopologyStrategy:<datacenter>=<factor>");
  }

  @Test
  void nothingButNamesAndNumbersReachesTheStatement() {
    for (String setting :
        List.of(
            "NetworkTopologyStrategy:dc1'=3",
            "NetworkTopologyStrategy:dc1=3} AND durable_writes = false",
            "NetworkTopologyStrategy:dc 1=3",
            "NetworkTopologyStrategy:dc1=0",
            "NetworkTopologyStrategy:dc1=-1",
            "NetworkTopologyStrategy:dc1=3,dc1=2",
            "NetworkTopologyStrategy:",
            "SimpleStrategy:three",
            "EverywhereStrategy:1")) {
      assertThatThrownBy(() -> CassandraReplication.parse(setting))
          .as(setting)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cassandra.replication");
    }
  }

  @Test
  void readsWhatCassandraReportsForAKeyspace() {
    assertThat(
            CassandraReplication.fromSchema(
                Map.of(
                    "class", "org.apache.cassandra.locator.NetworkTopologyStrategy",
                    "dc1", "3",
                    "dc2", "2")))
        .isEqualTo(CassandraReplication.networkTopology(Map.of("dc2", 2, "dc1", 3)));
    assertThat(
            CassandraReplication.fromSchema(
                Map.of(
                    "class", "org.apache.cassandra.locator.SimpleStrategy",
                    "replication_factor", "1")))
        .isEqualTo(CassandraReplication.LOCAL);
  }

  @Test
  void aReplicationWithoutTheLocalDatacenterIsRefusedAtStart() {
    ServiceConfig config =
        ServiceConfig.of(
            "t",
            Map.of(
                "cassandra.datacenter", "dc1",
                "cassandra.replication", "NetworkTopologyStrategy:dc2=3"));

    assertThatThrownBy(() -> CassandraConnector.Settings.from(config, "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no copy in the local datacenter dc1");
  }

  @Test
  void theConfiguredReplicationReachesTheSettings() {
    CassandraConnector.Settings settings =
        CassandraConnector.Settings.from(
            ServiceConfig.of(
                "t",
                Map.of(
                    "cassandra.datacenter", "dc1",
                    "cassandra.replication", "NetworkTopologyStrategy:dc1=3")),
            "t");

    assertThat(settings.replication())
        .isEqualTo(CassandraReplication.networkTopology(Map.of("dc1", 3)));
  }
}
