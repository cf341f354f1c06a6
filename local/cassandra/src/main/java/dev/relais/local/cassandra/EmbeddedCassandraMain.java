package dev.relais.local.cassandra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one node for scripts: {@code --data DIR [--port N] [--ready-file FILE] [--log FILE] [--heap
 * SIZE] [--schema-flush eager|lazy]}. Writes {@code 127.0.0.1:PORT} to the ready file once CQL is
 * up and stays until killed; SIGTERM stops Cassandra gracefully.
 */
public final class EmbeddedCassandraMain {

  private EmbeddedCassandraMain() {}

  public static void main(String[] args) throws Exception {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(
          "usage: EmbeddedCassandraMain --data DIR [--port N] [--ready-file FILE]"
              + " [--log FILE] [--heap SIZE] [--schema-flush eager|lazy]");
      System.exit(2);
      return;
    }

    EmbeddedCassandra.Builder builder =
        EmbeddedCassandra.builder().dataDirectory(arguments.data).cqlPort(arguments.port);
    if (arguments.log != null) {
      builder.logFile(arguments.log);
    }
    if (arguments.heap != null) {
      builder.heapSize(arguments.heap);
    }
    if (arguments.lazySchemaFlush) {
      builder.lazySchemaFlush();
    }

    RunningCassandra node;
    try {
      node = builder.build().start();
    } catch (RuntimeException e) {
      System.err.println("Cassandra did not start: " + e.getMessage());
      System.exit(1);
      return;
    }

    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.set(true);
                  node.close();
                  deleteQuietly(arguments.readyFile);
                },
                "relais-cassandra-main-stop"));
    if (arguments.readyFile != null) {
      writeAtomically(arguments.readyFile, node.contactPoint());
    }
    System.out.printf(
        "Cassandra %s ready at %s after %.1f s (pid %d, data %s, log %s)%n",
        node.version(),
        node.contactPoint(),
        node.startDuration().toMillis() / 1000.0,
        node.pid(),
        node.dataDirectory(),
        node.logFile());

    int exitCode = node.awaitExit();
    if (!stopping.get()) {
      // Cassandra died on its own: say so, and exit so that whoever waits on us notices.
      System.err.println(
          "Cassandra exited unexpectedly with code "
              + exitCode
              + "\n"
              + LogTail.of(node.logFile(), 40));
      System.exit(1);
    }
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    // Readers poll for the file; they must never see it half-written.
    Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
    Files.writeString(temp, content, StandardCharsets.UTF_8);
    Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A stale ready file is overwritten by the next start.
    }
  }

  /** Parsed command line. */
  private static final class Arguments {
    Path data;
    int port = 9042;
    Path readyFile;
    Path log;
    String heap;
    boolean lazySchemaFlush;

    static Arguments parse(String[] args) {
      Arguments parsed = new Arguments();
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Missing value for " + name);
        }
        String value = args[++i];
        switch (name) {
          case "--data" -> parsed.data = Path.of(value);
          case "--port" -> parsed.port = parsePort(value);
          case "--ready-file" -> parsed.readyFile = Path.of(value);
          case "--log" -> parsed.log = Path.of(value);
          case "--heap" -> parsed.heap = value;
          case "--schema-flush" ->
              parsed.lazySchemaFlush =
                  switch (value) {
                    case "lazy" -> true;
                    case "eager" -> false;
                    default ->
                        throw new IllegalArgumentException(
                            "--schema-flush takes eager or lazy, not " + value);
                  };
          default -> throw new IllegalArgumentException("Unknown option " + name);
        }
      }
      if (parsed.data == null) {
        throw new IllegalArgumentException("--data is required");
      }
      return parsed;
    }

    private static int parsePort(String value) {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Not a port: " + value);
      }
    }
  }
}
