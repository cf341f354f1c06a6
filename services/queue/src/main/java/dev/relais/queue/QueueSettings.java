package dev.relais.queue;

import dev.relais.common.cassandra.CassandraReplication;
import dev.relais.common.config.ServiceConfig;
import java.time.Duration;

/**
 * Tuning of the dispatch queue, shared by its writers (scheduler) and readers (dispatch).
 *
 * @param keyspace Cassandra keyspace holding the queue tables
 * @param replication replication of the queue keyspace (cassandra.replication, as every service)
 * @param bucketSeconds width of a time bucket; a partition holds one shard's messages due in one
 *     bucket
 * @param settle how long a reader waits before reading messages that just became due, so that
 *     writes in flight with a slightly earlier due time still land ahead of the cursor
 * @param leaseTtl how long a shard lease lives without renewal (default 6 s). It bounds how long
 *     the shards of a killed dispatcher stay unsent (takeover after 4 to 8 s: the TTL left, plus
 *     the survivor's next renewal, every third of it). Shorter means more lightweight transactions
 *     (one per held shard per renewal) and less tolerance: a dispatcher that cannot renew for two
 *     thirds of it (a long GC pause, a slow Cassandra) stops its pumps and its shards move.
 * @param lookback how late a write may land behind a reader and still be found by its sweep; longer
 *     than the driver's request timeout, so that no acknowledged write is ever skipped
 */
public record QueueSettings(
    String keyspace,
    CassandraReplication replication,
    int bucketSeconds,
    Duration settle,
    Duration leaseTtl,
    Duration lookback) {

  public QueueSettings {
    if (bucketSeconds <= 0) {
      throw new IllegalArgumentException("bucketSeconds must be positive");
    }
  }

  /** Reads {@code queue.*} keys; the keyspace defaults to {@code <cassandra.prefix>_queue}. */
  public static QueueSettings from(ServiceConfig config) {
    return new QueueSettings(
        config.string("queue.keyspace", config.string("cassandra.prefix", "relais") + "_queue"),
        CassandraReplication.from(config),
        config.integer("queue.bucket", 60),
        config.duration("queue.settle", Duration.ofMillis(500)),
        config.duration("queue.lease", Duration.ofSeconds(6)),
        config.duration("queue.lookback", Duration.ofSeconds(15)));
  }

  /** Start of the bucket holding an instant, in epoch seconds. */
  long bucketOf(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000);
    return seconds - Math.floorMod(seconds, bucketSeconds);
  }
}
