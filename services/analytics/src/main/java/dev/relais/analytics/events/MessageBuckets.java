package dev.relais.analytics.events;

/**
 * Spreads the events of one campaign over a fixed number of partitions by message id, so that a
 * large campaign never makes one unbounded Cassandra partition.
 *
 * <p>The hash is {@link String#hashCode()}, whose value the Java specification fixes: the bucket of
 * a message never changes between JVMs or versions, which the idempotent row key relies on.
 */
public final class MessageBuckets {

  /** Number of partitions per campaign; part of the schema, never change it for existing data. */
  public static final int BUCKETS = 16;

  private MessageBuckets() {}

  /** The bucket (0..15) of a message. */
  public static int bucketOf(String messageId) {
    return Math.floorMod(messageId.hashCode(), BUCKETS);
  }
}
