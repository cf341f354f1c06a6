package dev.relais.local.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Reads a process's peak memory and CPU time from Linux's {@code /proc}. */
public final class ProcessStats {

  /** Kernel clock ticks per second for utime/stime; 100 on every mainstream Linux build. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessStats() {}

  /** VmHWM of the process in bytes, or -1 if it cannot be read (exited, not Linux). */
  public static long peakRssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  /** User plus system CPU seconds used by the process so far, or -1 if unknown. */
  public static double cpuSeconds(long pid) {
    try {
      return cpuSecondsOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * CPU seconds used so far by the process's JIT compiler threads (HotSpot's "C1 CompilerThread"
   * and "C2 CompilerThread"), or -1 if unknown: the part of a JVM's CPU that a process running for
   * long no longer spends.
   */
  public static double compilerCpuSeconds(long pid) {
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      double seconds = 0;
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            seconds += cpuSecondsOf(stat);
          }
        } catch (IOException e) {
          // The thread ended between the listing and the read.
        }
      }
      return seconds;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static double cpuSecondsOf(String stat) {
    // Fields after the command name, which is in parentheses and may contain spaces.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    return (utime + stime) / TICKS_PER_SECOND;
  }
}
