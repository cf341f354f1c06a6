package dev.relais.local.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts its own node twice on one directory: what was written before a stop is still there. */
class EmbeddedCassandraRestartIT {

  @TempDir Path dataDirectory;

  @Test
  void dataSurvivesARestartAndTheDirectoryCannotBeSharedMeanwhile() {
    EmbeddedCassandra cassandra =
        EmbeddedCassandra.builder().dataDirectory(dataDirectory).heapSize("512m").build();

    try (RunningCassandra node = cassandra.start()) {
      assertThat(node.version()).startsWith("5.0.");
      // A second node on the same files would corrupt them: it must be refused at once.
      assertThatThrownBy(cassandra::start).hasMessageContaining("already used by a running node");
      try (CqlSession session = session(node)) {
        session.execute(
            "CREATE KEYSPACE restart_it WITH replication ="
                + " {'class': 'SimpleStrategy', 'replication_factor': 1}");
        session.execute("CREATE TABLE restart_it.kv (k text PRIMARY KEY, v text)");
        session.execute("INSERT INTO restart_it.kv (k, v) VALUES ('campaign', 'spring-sale')");
      }
    }

    try (RunningCassandra node = cassandra.start();
        CqlSession session = session(node)) {
      assertThat(
              session
                  .execute("SELECT v FROM restart_it.kv WHERE k = 'campaign'")
                  .one()
                  .getString(0))
          .isEqualTo("spring-sale");
    }
  }

  private static CqlSession session(RunningCassandra node) {
    return TestSessions.open(node.contactPoint(), node.localDatacenter());
  }
}
