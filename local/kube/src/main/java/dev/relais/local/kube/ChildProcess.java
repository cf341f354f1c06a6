package dev.relais.local.kube;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A service JVM of the local platform, started the way a kubelet starts a container: a main class,
 * environment variables, and a log file; ready once its health endpoint says so.
 */
public final class ChildProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path logFile;

  private ChildProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /** Starts {@code mainClass} from this JVM's own classpath and Java runtime. */
  public static ChildProcess start(
      String name, String mainClass, Map<String, String> env, String heap, Path logFile)
      throws IOException {
    Files.createDirectories(logFile.getParent());
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xmx" + heap);
    command.add("-XX:+UseParallelGC");
    if (Runtime.version().feature() >= 24) {
      // Netty and the Cassandra driver still use sun.misc.Unsafe and JNI; say it is intended.
      command.add("--sun-misc-unsafe-memory-access=allow");
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    command.add("-Djava.util.logging.config.file=" + loggingConfig(logFile.getParent()));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    builder.redirectErrorStream(true);
    builder.redirectOutput(logFile.toFile());
    ChildProcess child = new ChildProcess(name, builder.start(), logFile);
    // A launcher stopped by Ctrl-C or an error must not leave services running behind it.
    Runtime.getRuntime().addShutdownHook(new Thread(child::kill, "stop-" + name));
    return child;
  }

  private static Path loggingConfig(Path dir) throws IOException {
    Path file = dir.resolve("logging.properties");
    if (!Files.exists(file)) {
      Files.writeString(
          file,
          """
          handlers=java.util.logging.ConsoleHandler
          java.util.logging.ConsoleHandler.level=ALL
          java.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$s %3$s - %5$s%6$s%n
          .level=INFO
          com.datastax.oss.driver.level=WARNING
          io.helidon.level=WARNING
          io.netty.level=WARNING
          """);
    }
    return file;
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  /** True once {@code GET /health/ready} answers 200. */
  public boolean ready(int port) {
    return ready(port, false);
  }

  /**
   * True once {@code GET /health/ready} answers 200, over HTTPS when {@code https}: as the
   * kubelet's HTTPS probes, without a client certificate and without checking the server's.
   */
  public boolean ready(int port, boolean https) {
    try {
      HttpResponse<Void> response =
          (https ? ProbeTls.CLIENT : HTTP)
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              (https ? "https" : "http")
                                  + "://127.0.0.1:"
                                  + port
                                  + "/health/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits until {@code GET /health/ready} answers 200, failing early if the process died. */
  public void awaitReady(int port, Duration timeout) {
    Instant giveUp = Instant.now().plus(timeout);
    URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
    while (Instant.now().isBefore(giveUp)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with code " + process.exitValue() + "; see " + logFile);
      }
      try {
        HttpResponse<Void> response =
            HTTP.send(
                HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
      sleep(200);
    }
    throw new IllegalStateException(name + " not ready within " + timeout + "; see " + logFile);
  }

  /** Stops like a pod deletion: SIGTERM, a grace period, then SIGKILL. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Kills at once, as a node failure or {@code kill -9} would. */
  public void kill() {
    process.destroyForcibly();
  }

  /** Kills at once (SIGKILL) and waits until the process is gone; false if it outlived timeout. */
  public boolean killAndWait(Duration timeout) {
    process.destroyForcibly();
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
