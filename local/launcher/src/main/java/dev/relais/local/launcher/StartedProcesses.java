package dev.relais.local.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The processes {@code ./relais up} started, each appended to its processes file ({@code pid},
 * start time in epoch seconds, name) as soon as it starts, so that {@code ./relais down} finds and
 * stops it even when the launcher died before it could.
 */
public final class StartedProcesses {

  /** Null when nothing is written: a demo's processes end with its JVM (shutdown hooks). */
  private final Path file;

  private final Set<Long> recorded = new HashSet<>();

  private StartedProcesses(Path file) {
    this.file = file;
  }

  /** Appends every process started from now on to {@code file}. */
  public static StartedProcesses recordedIn(Path file) {
    return new StartedProcesses(file);
  }

  /** Records nothing, for a launcher that no {@code ./relais down} follows. */
  public static StartedProcesses unrecorded() {
    return new StartedProcesses(null);
  }

  /** Records process {@code pid} as {@code name}, unless it is recorded already. */
  public void record(String name, long pid) throws IOException {
    recordAll(Map.of(name, pid));
  }

  /** Records, in one append, those of {@code pids} (by name) not recorded yet. */
  public synchronized void recordAll(Map<String, Long> pids) throws IOException {
    if (file == null) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    pids.forEach((name, pid) -> {
      if (recorded.add(pid)) {
        // With the pid, its start time: down stops no other process given the same pid later.
        long started =
            ProcessHandle.of(pid)
                .flatMap(h -> h.info().startInstant())
                .map(Instant::getEpochSecond)
                .orElse(0L);
        lines.append(pid).append('\t').append(started).append('\t').append(name).append('\n');
      }
    });
    if (!lines.isEmpty()) {
      Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
  }
}
