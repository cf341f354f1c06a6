package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.common.cassandra.SchemaMigrator;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Entry point to the durable dispatch queue in Cassandra: migrates its keyspace, knows each route's
 * shard count, and hands out writers, shard readers, leases and depth.
 *
 * <p>Layout (ARCHITECTURE.md section 4): immutable message rows in partitions keyed by (route,
 * shard, time bucket), a bucket index per shard, a persisted forward cursor per shard, leases for
 * shard ownership, TTL and time-window compaction instead of deletes.
 */
public final class DispatchQueue {

  private final CqlSession session;
  private final QueueSettings settings;
  private final Clock clock;
  private final Map<String, Integer> shardsByRoute = new ConcurrentHashMap<>();
  private final PreparedStatement upsertRoute;
  private final PreparedStatement selectRoute;
  private final PreparedStatement selectDepth;
  private OutcomeLog outcomes;

  private DispatchQueue(CqlSession session, QueueSettings settings, Clock clock) {
    this.session = session;
    this.settings = settings;
    this.clock = clock;
    String ks = settings.keyspace();
    upsertRoute =
        session.prepare(
            "INSERT INTO " + ks + ".routes (route, shards, bucket_seconds) VALUES (?, ?, ?)");
    selectRoute = session.prepare("SELECT shards FROM " + ks + ".routes WHERE route = ?");
    selectDepth =
        session.prepare("SELECT enqueued, resolved FROM " + ks + ".depth WHERE route = ?");
  }

  /** Migrates the queue keyspace if needed and prepares statements, on any session. */
  public static DispatchQueue open(CqlSession session, QueueSettings settings) {
    return open(session, settings, Clock.systemUTC());
  }

  public static DispatchQueue open(CqlSession session, QueueSettings settings, Clock clock) {
    migrate(session, settings);
    return new DispatchQueue(session, settings, clock);
  }

  /**
   * Creates or migrates the queue keyspace; {@link #open} does it too, finding nothing left to do
   * when a service migrated it beforehand on its migration session.
   */
  public static void migrate(CqlSession session, QueueSettings settings) {
    new SchemaMigrator(session, settings.keyspace(), settings.replication()).migrate("queue");
  }

  /**
   * Declares a route and its shard count. The count is fixed once messages are queued: changing it
   * would move messages to shards nobody reads, so a different count is refused.
   */
  public void registerRoute(String route, int shards) {
    if (shards < 1 || shards > 1024) {
      throw new IllegalArgumentException("shards must be within 1..1024, was " + shards);
    }
    Integer known = lookupShards(route);
    if (known != null && known != shards) {
      throw new IllegalArgumentException(
          "route " + route + " already has " + known + " shards; it cannot change to " + shards);
    }
    session.execute(upsertRoute.bind(route, shards, settings.bucketSeconds()));
    shardsByRoute.put(route, shards);
  }

  /** The shard count of a route, or an error naming the route if it was never registered. */
  public int shards(String route) {
    Integer shards = shardsByRoute.computeIfAbsent(route, this::lookupShards);
    if (shards == null) {
      throw new IllegalArgumentException("unknown route: " + route);
    }
    return shards;
  }

  private Integer lookupShards(String route) {
    Row row = session.execute(selectRoute.bind(route)).one();
    return row == null ? null : row.getInt("shards");
  }

  public QueueWriter writer() {
    return new QueueWriter(this);
  }

  public ShardReader reader(String route, int shard) {
    return new ShardReader(this, route, shard);
  }

  /**
   * The furthest send mark this process had Cassandra acknowledge for each shard, whatever reader
   * wrote it. A node can lose acknowledged writes in a crash (a single node replays its commit log
   * only up to its last sync), and with them marks of messages this process already sent: a reader
   * that finds a stored mark behind this one writes it again before reading, so that those messages
   * are looked up (and counted in doubt if their answer is lost too) instead of being taken for
   * never sent.
   */
  private final Map<String, QueuePosition> marksWritten = new ConcurrentHashMap<>();

  void markWritten(String route, int shard, QueuePosition upTo) {
    marksWritten.merge(route + "/" + shard, upTo, (was, now) -> now.compareTo(was) > 0 ? now : was);
  }

  QueuePosition markWritten(String route, int shard) {
    return marksWritten.get(route + "/" + shard);
  }

  /** The log of SMSC answers this process writes; one per queue handle, closed by its owner. */
  public synchronized OutcomeLog outcomes() {
    if (outcomes == null) {
      outcomes = new OutcomeLog(this);
    }
    return outcomes;
  }

  public ShardLeases leases(String route, String owner) {
    return new ShardLeases(this, route, owner);
  }

  /** Messages written to a route and not yet resolved by a dispatcher, over all shards. */
  public long depth(String route) {
    long depth = 0;
    for (Row row : session.execute(selectDepth.bind(route))) {
      depth += row.getLong("enqueued") - row.getLong("resolved");
    }
    return Math.max(0, depth);
  }

  CqlSession session() {
    return session;
  }

  QueueSettings settings() {
    return settings;
  }

  Clock clock() {
    return clock;
  }
}
