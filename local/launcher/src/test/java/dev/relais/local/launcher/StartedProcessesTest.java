package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processes file as {@code ./relais down} reads it (bin/up.sh): one line a process, its pid,
 * its start time in epoch seconds (so that a pid given to another process since is left alone) and
 * its name, each process once.
 */
class StartedProcessesTest {

  @TempDir Path dir;

  @Test
  void eachProcessIsOneLineOfPidStartTimeAndNameWrittenOnce() throws IOException {
    Path file = dir.resolve(UpState.PROCESSES);
    StartedProcesses started = StartedProcesses.recordedIn(file);
    long launcher = ProcessHandle.current().pid();
    long start = ToolProcessTest.startSecond(launcher);

    started.record("cassandra", launcher);
    Map<String, Long> pods = new LinkedHashMap<>();
    pods.put("relais-demo/relais-contacts-0", launcher);
    started.recordAll(pods);

    assertThat(Files.readAllLines(file)).containsExactly(launcher + "\t" + start + "\tcassandra");
  }

  @Test
  void aProcessStartedLaterIsAppended() throws Exception {
    Path file = dir.resolve(UpState.PROCESSES);
    StartedProcesses started = StartedProcesses.recordedIn(file);
    started.record("launcher", ProcessHandle.current().pid());
    Process other = new ProcessBuilder("sleep", "30").start();
    try {
      started.record("zipkin", other.pid());

      assertThat(Files.readAllLines(file))
          .hasSize(2)
          .last()
          .isEqualTo(other.pid() + "\t" + ToolProcessTest.startSecond(other.pid()) + "\tzipkin");
    } finally {
      other.destroyForcibly().waitFor();
    }
  }
}
