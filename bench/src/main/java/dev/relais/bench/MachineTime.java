package dev.relais.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's idle and stolen CPU time so far, from the first line of Linux's {@code /proc/stat}
 * (all cores together). Idle time says whether the cores were saturated during a run; stolen time
 * is what the hypervisor gave to other machines while this one wanted to run, a cause of the
 * variation between runs of the same code on a virtual machine.
 *
 * @param idleSeconds idle and I/O-wait seconds
 * @param stolenSeconds stolen seconds
 */
record MachineTime(double idleSeconds, double stolenSeconds) {

  /** Kernel clock ticks per second in /proc/stat; 100 on every mainstream Linux build. */
  private static final double TICKS_PER_SECOND = 100.0;

  /** The times now, or zeros where /proc/stat cannot be read (not Linux). */
  static MachineTime now() {
    try (var lines = Files.lines(Path.of("/proc/stat"))) {
      return lines.findFirst().map(MachineTime::parse).orElse(new MachineTime(0, 0));
    } catch (IOException | RuntimeException e) {
      return new MachineTime(0, 0);
    }
  }

  /** Reads the aggregate {@code cpu} line: user nice system idle iowait irq softirq steal ... */
  static MachineTime parse(String cpuLine) {
    String[] fields = cpuLine.trim().split("\\s+");
    if (!fields[0].equals("cpu")) {
      throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat");
    }
    long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
    long steal = fields.length > 8 ? Long.parseLong(fields[8]) : 0;
    return new MachineTime(idle / TICKS_PER_SECOND, steal / TICKS_PER_SECOND);
  }

  /** The time spent between {@code earlier} and this reading. */
  MachineTime since(MachineTime earlier) {
    return new MachineTime(
        idleSeconds - earlier.idleSeconds, stolenSeconds - earlier.stolenSeconds);
  }
}
