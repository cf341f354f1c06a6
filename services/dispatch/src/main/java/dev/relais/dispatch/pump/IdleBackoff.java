package dev.relais.dispatch.pump;

import java.time.Duration;

/**
 * How long a pump waits before reading its shard again. Every read is a Cassandra query, whatever
 * it returns: a shard with nothing due is read less and less often (the wait doubles after each
 * empty read, up to a ceiling), and a read that finds messages brings the wait back to its base. An
 * idle route then costs a few reads per second per shard instead of one every base interval, and a
 * campaign that becomes due is still picked up within the ceiling plus the queue's settle time by
 * each of its shards (within a fraction of it by the first of them).
 */
final class IdleBackoff {

  private final Duration base;
  private final Duration ceiling;
  private Duration next;

  IdleBackoff(Duration base, Duration ceiling) {
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("the idle wait must be positive");
    }
    this.base = base;
    this.ceiling = ceiling.compareTo(base) < 0 ? base : ceiling;
    this.next = base;
  }

  /** The wait after a read that found nothing; the next one will be twice as long. */
  Duration afterEmptyRead() {
    Duration wait = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(ceiling) > 0 ? ceiling : doubled;
    return wait;
  }

  /** The wait after a read that found fewer messages than asked: the base, and the next too. */
  Duration afterPartialRead() {
    found();
    return base;
  }

  /** Messages were found: the next empty read waits the base again. */
  void found() {
    next = base;
  }
}
