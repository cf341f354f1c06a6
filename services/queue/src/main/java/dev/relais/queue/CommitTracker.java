package dev.relais.queue;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides how far a shard's cursor may move: past the longest prefix of read messages that are all
 * resolved (submitted, failed or expired), never past one still in flight.
 *
 * <p>Submits complete out of order; committing past an unresolved message would lose it in a crash,
 * so the cursor waits for the slowest message of the prefix. It also waits for the shard's sweep
 * (see {@link ShardReader#swept()}): a row that landed late behind the first pass is found only by
 * the sweep, and a cursor already past it would hide it from the next holder of the shard.
 */
public final class CommitTracker {

  /** What the cursor may advance to, and how many messages that resolves. */
  public record Advance(QueuePosition position, long count) {

    /**
     * This advance with an earlier one that was not committed folded in: up to this position,
     * counting both; {@code earlier} may be null.
     */
    public Advance after(Advance earlier) {
      return earlier == null ? this : new Advance(position, count + earlier.count);
    }
  }

  private final Map<UUID, Slot> inReadOrder = new LinkedHashMap<>();
  private int unresolved;

  private static final class Slot {
    final QueuePosition position;
    boolean resolved;

    Slot(QueuePosition position) {
      this.position = position;
    }
  }

  /** Registers a message as read, in the order the shard returned it. */
  public synchronized void read(QueuePosition position) {
    if (inReadOrder.putIfAbsent(position.seq(), new Slot(position)) == null) {
      unresolved++;
    }
  }

  /** Marks a read message as resolved; unknown positions are ignored. */
  public synchronized void resolve(QueuePosition position) {
    Slot slot = inReadOrder.get(position.seq());
    if (slot != null && !slot.resolved) {
      slot.resolved = true;
      unresolved--;
    }
  }

  /**
   * Removes and returns the resolved prefix, if any, up to {@code limit} (null: nothing may be
   * committed yet) and before every unresolved message: one found late by the sweep sits behind
   * messages read earlier, and the cursor must not pass it either.
   */
  public synchronized Optional<Advance> advance(QueuePosition limit) {
    if (limit == null) {
      return Optional.empty();
    }
    QueuePosition firstUnresolved = null;
    for (Iterator<Slot> it = inReadOrder.values().iterator(); unresolved > 0 && it.hasNext(); ) {
      Slot slot = it.next();
      if (!slot.resolved
          && (firstUnresolved == null || slot.position.compareTo(firstUnresolved) < 0)) {
        firstUnresolved = slot.position;
      }
    }
    QueuePosition last = null;
    long count = 0;
    Iterator<Slot> slots = inReadOrder.values().iterator();
    while (slots.hasNext()) {
      Slot slot = slots.next();
      if (slot.position.compareTo(limit) > 0
          || (firstUnresolved != null && slot.position.compareTo(firstUnresolved) >= 0)) {
        break;
      }
      if (last == null || slot.position.compareTo(last) > 0) {
        last = slot.position;
      }
      count++;
      slots.remove();
    }
    return last == null ? Optional.empty() : Optional.of(new Advance(last, count));
  }

  /** Messages read and not yet resolved (in flight). */
  public synchronized int unresolved() {
    return unresolved;
  }

  /** Drops everything, e.g. when the shard's lease is lost. */
  public synchronized void clear() {
    inReadOrder.clear();
    unresolved = 0;
  }
}
