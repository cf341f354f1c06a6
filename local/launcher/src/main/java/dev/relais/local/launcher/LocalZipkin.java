package dev.relais.local.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trace UI of the local platform: the Zipkin server (its {@code exec} jar from Maven Central,
 * fetched by {@code ./relais}) in a JVM of its own, listening on loopback only, keeping the spans
 * in memory. The local processes export to it with OpenTelemetry's Zipkin exporter ({@link
 * #processEnvironment()}): Zipkin's OTLP module is not published on Maven Central.
 */
public final class LocalZipkin implements AutoCloseable {

  /** Where {@code ./relais} copies the jar it fetches through Maven, from the repository's root. */
  static final String FETCHED_DIR = ".relais/zipkin";

  /** How long its start may take: about 30 s on a busy laptop. */
  static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  /** Spans kept in memory before the oldest traces are dropped: a few quickstart campaigns. */
  static final int MAX_SPANS = 100_000;

  private final ToolProcess process;
  private final int port;

  private LocalZipkin(ToolProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /**
   * Starts the server of {@code jar} on a free loopback port (its output to {@code logFile}),
   * recorded in {@code started} as {@code zipkin}; call {@link #awaitReady} before pointing
   * processes at it.
   */
  public static LocalZipkin start(Path jar, Path logFile, StartedProcesses started)
      throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IOException("Zipkin server jar not found: " + jar);
    }
    int port = FreePorts.pick();
    List<String> command = new ArrayList<>();
    command.add(javaCommand());
    // Enough for MAX_SPANS; the serial collector keeps a small idle footprint.
    command.add("-Xmx320m");
    command.add("-XX:+UseSerialGC");
    if (Runtime.version().feature() >= 24) {
      // Armeria's Netty and maps use sun.misc.Unsafe and JNI; say it is intended.
      command.add("--sun-misc-unsafe-memory-access=allow");
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    command.add("--armeria.ports[0].ip=127.0.0.1");
    command.add("--armeria.ports[0].port=" + port);
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    env.put("STORAGE_TYPE", "mem");
    env.put("MEM_MAX_SPANS", Integer.toString(MAX_SPANS));
    // Only the HTTP collector the exporter uses; no broker is probed.
    env.put("COLLECTOR_GRPC_ENABLED", "false");
    env.put("COLLECTOR_ACTIVEMQ_ENABLED", "false");
    env.put("COLLECTOR_KAFKA_ENABLED", "false");
    env.put("COLLECTOR_RABBITMQ_ENABLED", "false");
    env.put("COLLECTOR_PULSAR_ENABLED", "false");
    return new LocalZipkin(ToolProcess.start("Zipkin", builder, logFile, started), port);
  }

  /** Waits until Zipkin answers its health check; fails when it exits or the time runs out. */
  public LocalZipkin awaitReady(Duration timeout) {
    process.awaitReady(URI.create(base() + "/health"), timeout, Duration.ofMillis(500));
    return this;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  /** The Zipkin UI. */
  public String url() {
    return base() + "/zipkin/";
  }

  /** Where the UI shows one trace, e.g. a Campaign's {@code status.traceId}. */
  public String traceUrl(String traceId) {
    return base() + "/zipkin/traces/" + traceId;
  }

  /** Zipkin's span intake, where the exporter posts. */
  public String spansEndpoint() {
    return base() + "/api/v2/spans";
  }

  /** The variables that send a process's traces here, added to every service process. */
  public Map<String, String> processEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("OTEL_TRACES_EXPORTER", "zipkin");
    env.put("OTEL_EXPORTER_ZIPKIN_ENDPOINT", spansEndpoint());
    return env;
  }

  /**
   * {@link #processEnvironment()} in the SDK's property form ({@code otel.traces.exporter}), for an
   * SDK built in this JVM: the operator's, set as system properties.
   */
  public Map<String, String> sdkProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    processEnvironment()
        .forEach((name, value) ->
            properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value));
    return properties;
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }

  /** Stops the server (its spans go with it). */
  @Override
  public void close() {
    process.close();
  }

  private static String javaCommand() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
