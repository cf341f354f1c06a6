package dev.relais.queue;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.util.Comparator;
import java.util.UUID;

/** A place in one shard of the queue: a bucket and a time-based seq inside it. */
public record QueuePosition(long bucket, UUID seq) implements Comparable<QueuePosition> {

  private static final Comparator<QueuePosition> ORDER =
      Comparator.comparingLong(QueuePosition::bucket)
          .thenComparing(QueuePosition::seq, TimeUuids::compare);

  /** The position before anything in {@code bucket}. */
  public static QueuePosition startOf(long bucket) {
    return new QueuePosition(bucket, Uuids.startOf(0));
  }

  @Override
  public int compareTo(QueuePosition other) {
    return ORDER.compare(this, other);
  }
}
