package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Shares a route's shards among its live dispatchers with leases: lightweight transactions take and
 * renew a lease, which expires by TTL if its owner dies, so another dispatcher takes over.
 *
 * <p>Each dispatcher heartbeats its membership and aims for its fair share ({@code ceil(shards /
 * members)}): it takes free shards up to it and gives back any excess, so scaling the dispatch
 * Deployment up or down rebalances the shards within a lease period.
 */
public final class ShardLeases {

  private final DispatchQueue queue;
  private final String route;
  private final String owner;
  private final int ttlSeconds;
  private final Set<Integer> held = Collections.synchronizedSet(new TreeSet<>());
  private final PreparedStatement heartbeat;
  private final PreparedStatement members;
  private final PreparedStatement leaseOwners;
  private final PreparedStatement acquire;
  private final PreparedStatement renew;
  private final PreparedStatement release;
  private final PreparedStatement leave;

  ShardLeases(DispatchQueue queue, String route, String owner) {
    this.queue = queue;
    this.route = route;
    this.owner = owner;
    this.ttlSeconds = (int) Math.max(3, queue.settings().leaseTtl().toSeconds());
    CqlSession s = queue.session();
    String ks = queue.settings().keyspace();
    heartbeat =
        s.prepare("INSERT INTO " + ks + ".members (route, owner) VALUES (?, ?) USING TTL ?");
    members = s.prepare("SELECT owner FROM " + ks + ".members WHERE route = ?");
    leaseOwners = s.prepare("SELECT shard, owner FROM " + ks + ".leases WHERE route = ?");
    acquire =
        s.prepare(
            "INSERT INTO "
                + ks
                + ".leases (route, shard, owner) VALUES (?, ?, ?) IF NOT EXISTS USING TTL ?");
    renew =
        s.prepare(
            "UPDATE "
                + ks
                + ".leases USING TTL ? SET owner = ? WHERE route = ? AND shard = ? IF owner = ?");
    release = s.prepare("DELETE FROM " + ks + ".leases WHERE route = ? AND shard = ? IF owner = ?");
    leave = s.prepare("DELETE FROM " + ks + ".members WHERE route = ? AND owner = ?");
  }

  public String owner() {
    return owner;
  }

  /** The shards this dispatcher holds after the last rebalance. */
  public Set<Integer> held() {
    synchronized (held) {
      return Set.copyOf(held);
    }
  }

  /**
   * Heartbeats, renews held leases, gives back excess shards and takes free ones up to the fair
   * share. Call it well within the lease TTL (e.g. every third of it). Returns the shards held.
   */
  public Set<Integer> rebalance() {
    CqlSession s = queue.session();
    s.execute(heartbeat.bind(route, owner, ttlSeconds));
    int shards = queue.shards(route);
    int live = Math.max(1, s.execute(members.bind(route)).all().size());
    int fairShare = (shards + live - 1) / live;

    for (Integer shard : held()) {
      boolean renewed = s.execute(renew.bind(ttlSeconds, owner, route, shard, owner)).wasApplied();
      if (!renewed) {
        held.remove(shard);
      }
    }
    List<Integer> mine = new ArrayList<>(held());
    for (int i = mine.size() - 1; i >= fairShare; i--) {
      Integer shard = mine.get(i);
      s.execute(release.bind(route, shard, owner));
      held.remove(shard);
    }
    if (held.size() < fairShare) {
      Set<Integer> taken = new TreeSet<>();
      for (Row row : s.execute(leaseOwners.bind(route))) {
        taken.add(row.getInt("shard"));
      }
      for (int shard = 0; shard < shards && held.size() < fairShare; shard++) {
        if (!taken.contains(shard)
            && s.execute(acquire.bind(route, shard, owner, ttlSeconds)).wasApplied()) {
          held.add(shard);
        }
      }
    }
    return held();
  }

  /** Gives every lease back at once, so others need not wait for the TTL (graceful stop). */
  public void releaseAll() {
    CqlSession s = queue.session();
    for (Integer shard : held()) {
      s.execute(release.bind(route, shard, owner));
    }
    held.clear();
    s.execute(leave.bind(route, owner));
  }
}
