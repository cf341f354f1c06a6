package dev.relais.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.common.grpc.HostPort;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the partition writes and reads Cassandra applied per table, from its {@code system_views}
 * latency tables (one write is one partition mutation, whatever the number of rows a batch put in
 * it), so that the benchmark can say what one message costs in Cassandra operations and where.
 */
final class CassandraOperations implements AutoCloseable {

  /** Operations per table between two snapshots. */
  record Table(String name, long writes, long reads) {}

  private final CqlSession session;

  private CassandraOperations(CqlSession session) {
    this.session = session;
  }

  static CassandraOperations connect(String contactPoint) {
    HostPort address = HostPort.parse(contactPoint, 9042);
    return new CassandraOperations(
        CqlSession.builder()
            .addContactPoint(new InetSocketAddress(address.host(), address.port()))
            .withLocalDatacenter("datacenter1")
            .build());
  }

  /** Cumulative counts per {@code keyspace.table}, writes then reads (point reads and scans). */
  Map<String, long[]> snapshot() {
    Map<String, long[]> counts = new LinkedHashMap<>();
    add(counts, "local_write_latency", 0);
    add(counts, "local_read_latency", 1);
    add(counts, "local_scan_latency", 1);
    return counts;
  }

  private void add(Map<String, long[]> counts, String view, int slot) {
    for (Row row :
        session.execute("SELECT keyspace_name, table_name, count FROM system_views." + view)) {
      String keyspace = row.getString("keyspace_name");
      if (keyspace.startsWith("system")) {
        continue;
      }
      counts
              .computeIfAbsent(keyspace + "." + row.getString("table_name"), k -> new long[2])[
              slot] +=
          row.getLong("count");
    }
  }

  /** Tables that did anything between the snapshots, busiest first. */
  static List<Table> between(Map<String, long[]> before, Map<String, long[]> after) {
    List<Table> tables = new ArrayList<>();
    after.forEach((name, now) -> {
      long[] then = before.getOrDefault(name, new long[2]);
      long writes = now[0] - then[0];
      long reads = now[1] - then[1];
      if (writes > 0 || reads > 0) {
        tables.add(new Table(name, writes, reads));
      }
    });
    tables.sort(Comparator.comparingLong((Table t) -> t.writes() + t.reads()).reversed());
    return tables;
  }

  @Override
  public void close() {
    session.close();
  }
}
