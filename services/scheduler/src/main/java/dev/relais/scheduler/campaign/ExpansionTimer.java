package dev.relais.scheduler.campaign;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/** Where an expansion spends its time, step by step, for the log line that closes it. */
final class ExpansionTimer {

  /** The steps of one audience page. */
  enum Step {
    READ,
    COMPOSE,
    QUEUE,
    SAVE
  }

  private final long started = System.nanoTime();
  private final Map<Step, Long> nanos = new EnumMap<>(Step.class);

  <T> T time(Step step, Supplier<T> work) {
    long start = System.nanoTime();
    try {
      return work.get();
    } finally {
      nanos.merge(step, System.nanoTime() - start, Long::sum);
    }
  }

  @Override
  public String toString() {
    StringBuilder out =
        new StringBuilder().append(String.format("%.1f s", (System.nanoTime() - started) / 1e9));
    String sep = " (";
    for (Map.Entry<Step, Long> e : nanos.entrySet()) {
      out.append(sep)
          .append(e.getKey().name().toLowerCase())
          .append(String.format(" %.1f s", e.getValue() / 1e9));
      sep = ", ";
    }
    return out.append(nanos.isEmpty() ? "" : ")").toString();
  }
}
