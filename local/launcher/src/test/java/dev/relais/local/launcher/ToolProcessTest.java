package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool process as Zipkin and Prometheus run: its output in its log file, ready once its URL
 * answers, a failure that says it exited or was too slow, and nothing left running once closed.
 */
class ToolProcessTest {

  private static final Duration POLL = Duration.ofMillis(50);

  @TempDir Path dir;

  @Test
  void isReadyOnceItsUrlAnswersAndIsGoneOnceClosed() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/ready",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      Path log = dir.resolve("logs/tool.log");
      ToolProcess tool =
          ToolProcess.start(
              "Tool", shell("echo listening; exec sleep 60"), log, StartedProcesses.unrecorded());
      URI ready = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ready");

      tool.awaitReady(ready, Duration.ofSeconds(10), POLL);
      assertThat(running(tool.pid())).isTrue();
      awaitLog(log, "listening");

      tool.close();
      assertThat(running(tool.pid())).isFalse();
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aToolThatExitsBeforeItIsReadySaysSo() throws IOException {
    try (ToolProcess tool =
        ToolProcess.start(
            "Tool", shell("exit 3"), dir.resolve("tool.log"), StartedProcesses.unrecorded())) {
      assertThatThrownBy(() -> tool.awaitReady(unanswered(), Duration.ofSeconds(30), POLL))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Tool exited with status 3 before it was ready");
    }
  }

  @Test
  void aToolNotReadyInTimeSaysSoAndStillRunsUntilClosed() throws IOException {
    ToolProcess tool =
        ToolProcess.start(
            "Tool", shell("exec sleep 60"), dir.resolve("tool.log"), StartedProcesses.unrecorded());
    try {
      assertThatThrownBy(() -> tool.awaitReady(unanswered(), Duration.ofSeconds(1), POLL))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("Tool was not ready after 1s");
      assertThat(running(tool.pid())).isTrue();
    } finally {
      tool.close();
    }
    assertThat(running(tool.pid())).isFalse();
  }

  @Test
  void isRecordedForDownAsSoonAsItStartsLongBeforeItAnswers() throws IOException {
    Path processes = dir.resolve("processes");
    try (ToolProcess tool =
        ToolProcess.start(
            "Tool",
            shell("exec sleep 60"),
            dir.resolve("tool.log"),
            StartedProcesses.recordedIn(processes))) {
      assertThat(Files.readAllLines(processes))
          .containsExactly(tool.pid() + "\t" + startSecond(tool.pid()) + "\ttool");
    }
  }

  static long startSecond(long pid) {
    return ProcessHandle.of(pid).orElseThrow().info().startInstant().orElseThrow().getEpochSecond();
  }

  private static ProcessBuilder shell(String script) {
    return new ProcessBuilder("sh", "-c", script);
  }

  /** A loopback URL nothing listens on. */
  private static URI unanswered() {
    return URI.create("http://127.0.0.1:" + FreePorts.pick() + "/ready");
  }

  private static boolean running(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void awaitLog(Path log, String text) throws Exception {
    Instant deadline = Instant.now().plusSeconds(10);
    while (!(Files.exists(log) && Files.readString(log).contains(text))) {
      assertThat(Instant.now()).as("%s in %s", text, log).isBefore(deadline);
      Thread.sleep(50);
    }
  }
}
