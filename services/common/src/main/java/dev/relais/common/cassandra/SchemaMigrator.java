package dev.relais.common.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a service's versioned CQL migrations once, in order, and records each in {@code
 * schema_migrations}.
 *
 * <p>Migrations live on the classpath under {@code db/<name>/}, listed one file per line in {@code
 * db/<name>/migrations} (classpath directories cannot be listed portably). Each file is named
 * {@code V<version>__<description>.cql} and holds statements separated by semicolons. Statements
 * must be idempotent ({@code IF NOT EXISTS}) because two replicas may start at once; an applied
 * migration whose file changed afterwards is an error, never silently re-run.
 *
 * <p>The keyspace is created with the configured replication. A keyspace that already exists with
 * another replication is refused, never altered: after an {@code ALTER KEYSPACE} that adds
 * replicas, quorum reads see the new, empty replicas until a full repair has copied the data (an
 * opt-out that seems missing is a message sent to someone who said stop), so the change is the
 * database operator's, with the repair, and the error says how.
 */
public final class SchemaMigrator {

  private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());
  private static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__([A-Za-z0-9_]+)\\.cql");

  private final CqlSession session;
  private final String keyspace;
  private final CassandraReplication replication;

  public SchemaMigrator(CqlSession session, String keyspace, CassandraReplication replication) {
    if (!keyspace.matches("[a-z][a-z0-9_]{0,47}")) {
      throw new IllegalArgumentException("invalid keyspace name: " + keyspace);
    }
    this.session = session;
    this.keyspace = keyspace;
    this.replication = replication;
  }

  /** One migration file, parsed. */
  record Migration(int version, String description, String checksum, List<String> statements) {}

  /** Applies what is missing; returns the versions applied by this call. */
  public List<Integer> migrate(String name) {
    execute(
        "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication.cql());
    checkReplication();
    execute(
        "CREATE TABLE IF NOT EXISTS "
            + keyspace
            + ".schema_migrations (version int PRIMARY KEY, description text, checksum text,"
            + " applied_at timestamp)");
    Map<Integer, String> applied = new HashMap<>();
    for (Row row :
        session.execute("SELECT version, checksum FROM " + keyspace + ".schema_migrations")) {
      applied.put(row.getInt("version"), row.getString("checksum"));
    }
    List<Integer> done = new ArrayList<>();
    for (Migration migration : load(name)) {
      String previous = applied.get(migration.version());
      if (previous != null) {
        if (!previous.equals(migration.checksum())) {
          throw new IllegalStateException(
              "migration V"
                  + migration.version()
                  + " of "
                  + keyspace
                  + " changed after it was applied; add a new migration instead");
        }
        continue;
      }
      for (String statement : migration.statements()) {
        execute(statement.replace("${keyspace}", keyspace));
      }
      session.execute(
          SimpleStatement.newInstance(
              "INSERT INTO "
                  + keyspace
                  + ".schema_migrations (version, description, checksum, applied_at)"
                  + " VALUES (?, ?, ?, ?)",
              migration.version(),
              migration.description(),
              migration.checksum(),
              Instant.now()));
      LOG.info(() -> keyspace + ": applied migration V" + migration.version());
      done.add(migration.version());
    }
    return done;
  }

  /** Refuses to go on when the keyspace existed with another replication than the settings'. */
  private void checkReplication() {
    Row row =
        session
            .execute(
                SimpleStatement.newInstance(
                    "SELECT replication FROM system_schema.keyspaces WHERE keyspace_name = ?",
                    keyspace))
            .one();
    if (row == null) {
      throw new IllegalStateException("keyspace " + keyspace + " missing right after its creation");
    }
    Map<String, String> actual = row.getMap("replication", String.class, String.class);
    CassandraReplication existing;
    try {
      existing = CassandraReplication.fromSchema(actual);
    } catch (IllegalArgumentException e) {
      existing = null;
    }
    if (replication.equals(existing)) {
      return;
    }
    throw new IllegalStateException(
        "keyspace "
            + keyspace
            + " exists with replication "
            + (existing != null ? existing.cql() : actual)
            + " but cassandra.replication asks for "
            + replication
            + ". The services never change the replication of an existing keyspace: run"
            + " \"ALTER KEYSPACE "
            + keyspace
            + " WITH replication = "
            + replication.cql()
            + "\" then \"nodetool repair -full "
            + keyspace
            + "\" on every node before starting them again, or set cassandra.replication back to "
            + (existing != null ? existing.toString() : "the keyspace's replication"));
  }

  private void execute(String cql) {
    session.execute(SimpleStatement.newInstance(cql).setTimeout(java.time.Duration.ofSeconds(60)));
    session.checkSchemaAgreement();
  }

  static List<Migration> load(String name) {
    String index = read("db/" + name + "/migrations");
    List<Migration> migrations = new ArrayList<>();
    int lastVersion = 0;
    for (String line : index.split("\n")) {
      String file = line.trim();
      if (file.isEmpty() || file.startsWith("#")) {
        continue;
      }
      Matcher m = FILE_NAME.matcher(file);
      if (!m.matches()) {
        throw new IllegalStateException("migration file name must be V<n>__<name>.cql: " + file);
      }
      int version = Integer.parseInt(m.group(1));
      if (version <= lastVersion) {
        throw new IllegalStateException("migrations out of order at " + file);
      }
      lastVersion = version;
      String text = read("db/" + name + "/" + file);
      migrations.add(new Migration(version, m.group(2), checksum(text), split(text)));
    }
    return migrations;
  }

  /** Splits a script into statements; drops {@code --} comment lines and blank statements. */
  static List<String> split(String script) {
    StringBuilder cleaned = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.trim().startsWith("--")) {
        cleaned.append(line).append('\n');
      }
    }
    List<String> statements = new ArrayList<>();
    for (String part : cleaned.toString().split(";")) {
      if (!part.isBlank()) {
        statements.add(part.trim());
      }
    }
    return statements;
  }

  private static String read(String resource) {
    try (InputStream in = SchemaMigrator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing migration resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }

  private static String checksum(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
