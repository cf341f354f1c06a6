package dev.relais.dispatch.optout;

import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The numbers that opted out recently, checked before every marketing submit: a bounded,
 * thread-safe set of E.164 numbers (compared without their leading '+', whatever form the queue or
 * contacts wrote them in).
 *
 * <p>Lookups are lock-free (they sit on the submit path). Entries older than the window are pruned:
 * a message queued before them has expired by then, and the scheduler suppresses the number in any
 * later campaign. When more numbers than {@code capacity} are known, the oldest are forgotten and
 * counted in {@link #evicted()} (the capacity should be sized well above a window's opt-outs).
 */
public final class OptOutRegistry {

  private final int capacity;
  private final Map<String, Instant> numbers = new ConcurrentHashMap<>();
  private final Queue<Entry> byAge = new ConcurrentLinkedQueue<>();
  private final LongAdder evicted = new LongAdder();

  private record Entry(String number, Instant at) {}

  public OptOutRegistry(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Records that {@code number} opted out at {@code at}; false if it was already known. */
  public boolean add(String number, Instant at) {
    String key = key(number);
    if (key.isEmpty() || numbers.putIfAbsent(key, at) != null) {
      return false;
    }
    byAge.add(new Entry(key, at));
    while (numbers.size() > capacity) {
      Entry eldest = byAge.poll();
      if (eldest == null) {
        break;
      }
      if (numbers.remove(eldest.number(), eldest.at())) {
        evicted.increment();
      }
    }
    return true;
  }

  /**
   * Forgets {@code number}: its opt-out was lifted by a new consent (a re-subscription), so its
   * messages are no longer suppressed; false if it was not known. Its place in the age order is
   * left to pruning, which skips it (it only removes an entry added at that same time).
   */
  public boolean lift(String number) {
    String key = key(number);
    return !key.isEmpty() && numbers.remove(key) != null;
  }

  /** Whether {@code number} opted out (within the window, unless evicted for room). */
  public boolean contains(String number) {
    return numbers.containsKey(key(number));
  }

  /**
   * Forgets the numbers that opted out before {@code cutoff}. Entries are pruned in the order they
   * were added, which is the order of the feed (oldest first), so this stops at the first newer
   * one.
   */
  public void pruneBefore(Instant cutoff) {
    Entry eldest;
    while ((eldest = byAge.peek()) != null && eldest.at().isBefore(cutoff)) {
      if (byAge.remove(eldest)) {
        numbers.remove(eldest.number(), eldest.at());
      }
    }
  }

  /** Numbers known now. */
  public int size() {
    return numbers.size();
  }

  /** Numbers forgotten because the registry was full. */
  public long evicted() {
    return evicted.sum();
  }

  private static String key(String number) {
    String trimmed = number == null ? "" : number.strip();
    return trimmed.startsWith("+") ? trimmed.substring(1) : trimmed;
  }
}
