package dev.relais.local.cassandra;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The child JVM's classpath: cassandra-all and its dependencies, as resolved when this module was
 * built, plus this module for the child's entry point.
 */
final class CassandraClasspath {

  /** Written by maven-dependency-plugin at build time, next to this class. */
  static final String RESOURCE = "cassandra.classpath";

  private CassandraClasspath() {}

  static String resolve() {
    List<String> entries = new ArrayList<>(jarsFromResource());
    entries.add(ownLocation().toString());
    return String.join(File.pathSeparator, entries);
  }

  static List<String> jarsFromResource() {
    String text;
    try (InputStream in = CassandraClasspath.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "Resource " + RESOURCE + " is missing: build relais-local-cassandra with Maven");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Two scope-filtered lists are concatenated at build time; many jars appear in both.
    LinkedHashSet<String> jars = new LinkedHashSet<>();
    for (String entry : text.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      // The paths point into the local Maven repository of the machine that built the module.
      if (!Files.isRegularFile(Path.of(entry))) {
        throw new IllegalStateException(
            "Cassandra dependency "
                + entry
                + " is missing; rebuild relais-local-cassandra on this machine"
                + " (./mvnw install -pl local/cassandra)");
      }
      jars.add(entry);
    }
    return List.copyOf(jars);
  }

  private static Path ownLocation() {
    try {
      // Not ParentWatchingCassandraDaemon.class: referencing it would let javac compile it for
      // Java 21 along with this class, and the child JVM may be a JDK 11.
      return Path.of(
          CassandraClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
