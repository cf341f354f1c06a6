package dev.relais.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.cassandra.GroupCommitWriter;
import dev.relais.common.config.ServiceConfig;
import dev.relais.local.cassandra.SharedCassandra;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The group-commit writer the hot paths share, on a real Cassandra. */
class GroupCommitWriterIT {

  private static CqlSession session;
  private static PreparedStatement insert;
  private static String table;

  @BeforeAll
  static void connect() {
    String keyspace = "it_group_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    ServiceConfig config =
        ServiceConfig.of(
            "group-it",
            Map.of("cassandra.hosts", SharedCassandra.contactPoint(), "queue.keyspace", keyspace));
    session =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "queue_it"), null);
    session.execute(
        "CREATE KEYSPACE IF NOT EXISTS "
            + keyspace
            + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
    table = keyspace + ".rows";
    session.execute(
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " (part int, id int, value text, PRIMARY KEY ((part), id))");
    insert = session.prepare("INSERT INTO " + table + " (part, id, value) VALUES (?, ?, ?)");
  }

  @AfterAll
  static void close() {
    if (session != null) {
      session.close();
    }
  }

  private static long count(int part) {
    return session
        .execute("SELECT count(*) FROM " + table + " WHERE part = ?", part)
        .one()
        .getLong(0);
  }

  @Test
  void everyRowWrittenFromManyThreadsIsDurableWhenItsStageCompletes() throws Exception {
    var writer = GroupCommitWriter.rows(session, "group-it", 25, 4);
    List<CompletableFuture<Void>> written = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int part = t;
      threads.add(
          Thread.ofVirtual()
              .start(() -> {
                for (int i = 0; i < 500; i++) {
                  var stage = writer.write(part, insert.bind(part, i, "v" + i));
                  synchronized (written) {
                    written.add(stage.toCompletableFuture());
                  }
                }
              }));
    }
    for (Thread t : threads) {
      t.join();
    }
    CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    for (int part = 0; part < 4; part++) {
      assertThat(count(part)).as("rows of partition %d", part).isEqualTo(500);
    }
    writer.close();
  }

  @Test
  void closingWritesWhatWaitsAndRefusesWhatComesAfter() throws Exception {
    var writer = GroupCommitWriter.rows(session, "group-it-close", 10, 1);
    List<CompletableFuture<Void>> written = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      written.add(writer.write("p", insert.bind(100, i, "v")).toCompletableFuture());
    }
    writer.close(Duration.ofSeconds(20));
    assertThat(written).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
    assertThat(count(100)).isEqualTo(300);
    CompletableFuture<Void> late =
        writer.write("p", insert.bind(100, 999, "v")).toCompletableFuture();
    assertThatThrownBy(late::join)
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
  }
}
