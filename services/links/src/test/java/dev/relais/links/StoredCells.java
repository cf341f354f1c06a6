package dev.relais.links;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every cell of every table of a keyspace, read back whole: what a person with access to the
 * database could find in it. Blobs are searched as bytes.
 */
final class StoredCells {

  private StoredCells() {}

  /** The cells ({@code table.column}) whose value contains {@code needle}, in any table. */
  static List<String> containing(CqlSession cql, String keyspace, String needle) {
    return containing(cql, keyspace, needle.getBytes(StandardCharsets.UTF_8));
  }

  /** The cells ({@code table.column}) whose value or bytes contain {@code needle}. */
  static List<String> containing(CqlSession cql, String keyspace, byte[] needle) {
    String text = new String(needle, StandardCharsets.UTF_8);
    List<String> found = new ArrayList<>();
    for (TableMetadata table : tables(cql, keyspace)) {
      String name = table.getName().asInternal();
      for (Row row : cql.execute("SELECT * FROM " + keyspace + "." + table.getName().asCql(true))) {
        for (ColumnDefinition column : row.getColumnDefinitions()) {
          Object value = row.getObject(column.getName());
          boolean hit =
              value instanceof ByteBuffer bytes
                  ? contains(bytes, needle)
                  : value != null && String.valueOf(value).contains(text);
          if (hit) {
            found.add(name + "." + column.getName().asInternal());
          }
        }
      }
    }
    return found;
  }

  /** The number of rows of a table. */
  static long rows(CqlSession cql, String keyspace, String table) {
    return cql.execute("SELECT count(*) FROM " + keyspace + "." + table).one().getLong(0);
  }

  private static List<TableMetadata> tables(CqlSession cql, String keyspace) {
    // Fresh metadata: the keyspace was created by the service's own session.
    cql.refreshSchema();
    return List.copyOf(
        cql.getMetadata()
            .getKeyspace(CqlIdentifier.fromInternal(keyspace))
            .orElseThrow()
            .getTables()
            .values());
  }

  private static boolean contains(ByteBuffer buffer, byte[] needle) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    for (int i = 0; i + needle.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }
}
