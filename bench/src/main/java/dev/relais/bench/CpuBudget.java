package dev.relais.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU a measured campaign cost per message, process by process, and the rate such a cost allows
 * on this machine's cores: when every core is busy, as in the benchmark, the throughput cannot
 * exceed {@code cores / CPU per message}. Compilation (JIT) is shown apart, since a process that
 * has run for hours no longer pays it.
 *
 * @param cpuSeconds CPU seconds per process during the campaign
 * @param jitSeconds of which spent in the JVM's compiler threads
 * @param messages messages the campaign sent
 * @param cores cores of the machine
 */
record CpuBudget(
    Map<String, Double> cpuSeconds, Map<String, Double> jitSeconds, long messages, int cores) {

  CpuBudget {
    if (messages <= 0 || cores <= 0) {
      throw new IllegalArgumentException("messages and cores must be positive");
    }
    cpuSeconds = Map.copyOf(cpuSeconds);
    jitSeconds = Map.copyOf(jitSeconds);
  }

  /** CPU microseconds per message of one process, compilation included. */
  double micros(String process) {
    return perMessage(cpuSeconds.getOrDefault(process, 0.0));
  }

  /** CPU microseconds per message of one process outside its compiler threads. */
  double microsOutsideJit(String process) {
    return micros(process) - perMessage(jitSeconds.getOrDefault(process, 0.0));
  }

  /** CPU microseconds per message of every process together, compilation included. */
  double totalMicros() {
    return perMessage(sum(cpuSeconds));
  }

  /** CPU microseconds per message of every process together, outside the compiler threads. */
  double totalMicrosOutsideJit() {
    return totalMicros() - perMessage(sum(jitSeconds));
  }

  /** Messages per second the cores allow at this CPU cost. */
  double ceiling() {
    return rateAt(totalMicros());
  }

  /** Messages per second the cores would allow with no compilation left to do. */
  double ceilingOutsideJit() {
    return rateAt(totalMicrosOutsideJit());
  }

  /** CPU microseconds per message the cores allow for a target rate. */
  double allowedMicros(double messagesPerSecond) {
    return cores * 1_000_000.0 / messagesPerSecond;
  }

  /** Per process, costliest first: microseconds per message with and without compilation. */
  Map<String, double[]> byProcess() {
    Map<String, double[]> rows = new LinkedHashMap<>();
    cpuSeconds.keySet().stream()
        .sorted((a, b) -> Double.compare(micros(b), micros(a)))
        .forEach(name -> rows.put(name, new double[] {micros(name), microsOutsideJit(name)}));
    return rows;
  }

  private double rateAt(double micros) {
    return micros <= 0 ? Double.POSITIVE_INFINITY : cores * 1_000_000.0 / micros;
  }

  private double perMessage(double seconds) {
    return seconds * 1_000_000.0 / messages;
  }

  private static double sum(Map<String, Double> values) {
    return values.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
