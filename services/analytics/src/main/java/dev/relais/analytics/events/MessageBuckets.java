package dev.relais.analytics.events;

import com.datastax.oss.driver.api.core.uuid.Uuids;
import java.util.UUID;

/**
 * The partition bucket of a message's events within its campaign, so that a large campaign never
 * makes one unbounded Cassandra partition. Part of the schema: the bucket of a message never
 * changes between JVMs or versions, which the idempotent row key relies on.
 *
 * <p>Messages with a time-based id (a version 1 UUID, as the scheduler gives them) are bucketed by
 * the {@value #SLICE_MILLIS} ms slice of the time in their id: the events of messages composed
 * together share a partition, so that one batch of events from dispatch touches one or two
 * partitions, and reading its slots back finds them in the memtable or in the few SSTables flushed
 * since, instead of in every SSTable the campaign's partitions were split into.
 *
 * <p>Any other id is spread over {@value #BUCKETS} buckets by {@link String#hashCode()}, whose
 * value the Java specification fixes. Time buckets (above 10^8 for any id of this century) never
 * collide with those.
 */
public final class MessageBuckets {

  /** Number of hash buckets per campaign for ids that are not time-based. */
  public static final int BUCKETS = 16;

  /** Width of a time bucket. */
  public static final long SLICE_MILLIS = 10_000;

  private MessageBuckets() {}

  /** The bucket of a message. */
  public static int bucketOf(String messageId) {
    long millis = timeBasedMillis(messageId);
    if (millis >= 0) {
      return Math.toIntExact(millis / SLICE_MILLIS);
    }
    return Math.floorMod(messageId.hashCode(), BUCKETS);
  }

  /** The Unix time in milliseconds of a version 1 UUID in canonical form, or -1 for other ids. */
  private static long timeBasedMillis(String id) {
    if (id.length() != 36 || id.charAt(14) != '1') {
      return -1;
    }
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    if (uuid.version() != 1 || uuid.variant() != 2) {
      return -1;
    }
    long millis = Uuids.unixTimestamp(uuid);
    return millis >= 0 ? millis : -1;
  }
}
