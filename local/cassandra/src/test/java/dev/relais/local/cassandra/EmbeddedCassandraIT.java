package dev.relais.local.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EmbeddedCassandraIT {

  @Test
  void sharedNodeStoresAndReturnsRows() {
    try (CqlSession session =
        TestSessions.open(SharedCassandra.contactPoint(), SharedCassandra.localDatacenter())) {
      session.execute(
          "CREATE KEYSPACE IF NOT EXISTS relais_local_cassandra_it WITH replication ="
              + " {'class': 'SimpleStrategy', 'replication_factor': 1}");
      session.execute(
          "CREATE TABLE IF NOT EXISTS relais_local_cassandra_it.greetings"
              + " (id uuid PRIMARY KEY, text text)");
      UUID id = UUID.randomUUID();

      session.execute(
          "INSERT INTO relais_local_cassandra_it.greetings (id, text) VALUES (?, ?)",
          id,
          "bonjour");
      Row row =
          session
              .execute("SELECT text FROM relais_local_cassandra_it.greetings WHERE id = ?", id)
              .one();

      assertThat(row).isNotNull();
      assertThat(row.getString("text")).isEqualTo("bonjour");
    }
  }
}
