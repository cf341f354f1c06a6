package dev.relais.local.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A tool the launcher runs beside the platform in a process of its own (Zipkin, Prometheus): its
 * output in a log file, ready once an HTTP URL answers 200, stopped gracefully then forcibly, and
 * stopped when the launcher's JVM ends, whatever ends it.
 */
final class ToolProcess implements AutoCloseable {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** How long a tool may take to stop on SIGTERM before it is killed. */
  private static final Duration GRACE = Duration.ofSeconds(15);

  private final String name;
  private final Process process;

  private ToolProcess(String name, Process process) {
    this.name = name;
    this.process = process;
  }

  /**
   * Starts {@code builder}'s command as the tool {@code name}, its output to {@code logFile}, and
   * records it in {@code started} at once, under its name in lower case.
   */
  static ToolProcess start(
      String name, ProcessBuilder builder, Path logFile, StartedProcesses started)
      throws IOException {
    Files.createDirectories(logFile.toAbsolutePath().getParent());
    builder.redirectErrorStream(true);
    builder.redirectOutput(logFile.toFile());
    String id = name.toLowerCase(Locale.ROOT);
    Process process = builder.start();
    try {
      // Before anything else: a launcher killed from now on leaves it for ./relais down to stop.
      started.record(id, process.pid());
    } catch (IOException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
    ToolProcess tool = new ToolProcess(name, process);
    // A launcher stopped by Ctrl-C or an error must not leave the tool behind it.
    Runtime.getRuntime().addShutdownHook(new Thread(tool::close, "stop-" + id));
    return tool;
  }

  /**
   * Waits until {@code GET url} answers 200, asking every {@code poll}; fails when the tool exits
   * or the time runs out.
   */
  void awaitReady(URI url, Duration timeout, Duration poll) {
    Instant deadline = Instant.now().plus(timeout);
    while (!answers(url)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with status " + process.exitValue() + " before it was ready");
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException(name + " was not ready after " + timeout.toSeconds() + "s");
      }
      pause(poll);
    }
  }

  /** Waits {@code poll}, or less if the tool exits meanwhile. */
  private void pause(Duration poll) {
    try {
      process.waitFor(poll.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean answers(URI url) {
    try {
      return HTTP.send(
                  HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** Stops the tool: SIGTERM, then SIGKILL if it still runs after a grace period. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
