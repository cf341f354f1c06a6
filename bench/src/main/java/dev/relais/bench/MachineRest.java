package dev.relais.bench;

import java.time.Duration;
import java.time.Instant;

/**
 * Waits for the machine to come to rest between two phases of a run, so that the measured phase
 * does not pay for the work the previous one left behind: after a bulk import, Cassandra flushes
 * and compacts the imported rows and every JVM compiles what the import made hot, for tens of
 * seconds. A platform in production imports its contacts long before it sends to them.
 *
 * <p>The machine is at rest when its cores were at least {@link #IDLE_SHARE} idle over one {@link
 * #WINDOW}, read from {@code /proc/stat} ({@link MachineTime}).
 */
final class MachineRest {

  /** How idle the cores must be over a window: the platform's idle polls stay well under this. */
  static final double IDLE_SHARE = 0.85;

  static final Duration WINDOW = Duration.ofSeconds(3);

  private MachineRest() {}

  /** How the wait ended: at rest, or given up after the limit. */
  record Wait(Duration waited, boolean atRest, double lastIdleShare) {}

  /** Whether {@code spent}, read over {@code window} on {@code cores} cores, was idle enough. */
  static boolean atRest(MachineTime spent, int cores, Duration window) {
    return idleShare(spent, cores, window) >= IDLE_SHARE;
  }

  static double idleShare(MachineTime spent, int cores, Duration window) {
    double available = cores * (window.toMillis() / 1000.0);
    return available <= 0 ? 0 : spent.idleSeconds() / available;
  }

  /**
   * Waits until one window is at rest, or {@code limit} has passed; where {@code /proc/stat} cannot
   * be read (not Linux) there is nothing to wait for.
   */
  static Wait await(int cores, Duration limit) throws InterruptedException {
    Instant start = Instant.now();
    while (true) {
      MachineTime before = MachineTime.now();
      Thread.sleep(WINDOW);
      MachineTime spent = MachineTime.now().since(before);
      Duration waited = Duration.between(start, Instant.now());
      if (before.idleSeconds() == 0) {
        return new Wait(waited, true, 1); // no /proc/stat: nothing to measure
      }
      boolean atRest = atRest(spent, cores, WINDOW);
      if (atRest || waited.compareTo(limit) >= 0) {
        return new Wait(waited, atRest, idleShare(spent, cores, WINDOW));
      }
    }
  }
}
