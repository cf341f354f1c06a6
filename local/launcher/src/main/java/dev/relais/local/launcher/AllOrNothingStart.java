package dev.relais.local.launcher;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A start of several parts that leaves nothing running when it fails: whatever the failure (an
 * {@link Error} too, such as a class the operator cannot load), the parts started so far are
 * stopped, last first, before the failure goes on. A part left running (Cassandra, the API server's
 * threads) would keep a launcher that failed alive, hanging instead of exiting.
 */
final class AllOrNothingStart {

  /** The steps of a start, which hand each part they start to {@link #started}. */
  @FunctionalInterface
  interface Steps<T> {
    T run(AllOrNothingStart start) throws IOException;
  }

  private final Deque<AutoCloseable> parts = new ArrayDeque<>();

  private AllOrNothingStart() {}

  /** Runs {@code steps}; if they fail, stops the parts they started and rethrows the failure. */
  static <T> T run(Steps<T> steps) throws IOException {
    AllOrNothingStart start = new AllOrNothingStart();
    try {
      return steps.run(start);
    } catch (Throwable failure) {
      start.stopAfter(failure);
      throw failure;
    }
  }

  /** Notes {@code part}, just started, to be stopped if a later step fails; returns it. */
  <P extends AutoCloseable> P started(P part) {
    parts.push(part);
    return part;
  }

  /** Stops every part, last first; what fails to stop is added to {@code failure}, not thrown. */
  private void stopAfter(Throwable failure) {
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Throwable e) {
        failure.addSuppressed(e);
      }
    }
  }
}
