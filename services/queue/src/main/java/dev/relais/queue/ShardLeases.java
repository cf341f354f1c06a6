package dev.relais.queue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
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
 * members)}): it takes free shards up to it and hands back any excess, so scaling the dispatch
 * Deployment up or down rebalances the shards within a lease period.
 *
 * <p>A dispatcher renews all its leases with one conditional batch (the route's leases share one
 * partition): one Paxos round per renewal instead of one per shard. Only if another dispatcher took
 * one of them over (after it expired) does the batch fail, and the leases are then renewed one by
 * one to find which ones are lost.
 *
 * <p>A shard is handed back gracefully: it leaves the active set at once (stop reading it) but its
 * lease is kept, and renewed, until the caller has drained and committed it and calls {@link
 * #release}. Releasing first would let the next holder resend every message still in flight.
 */
public final class ShardLeases {

  private final DispatchQueue queue;
  private final String route;
  private final String owner;
  private final int ttlSeconds;
  private final Set<Integer> held = Collections.synchronizedSet(new TreeSet<>());
  private final Set<Integer> handingOver = Collections.synchronizedSet(new TreeSet<>());
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

  /** The shards this dispatcher holds a lease on, including those being handed over. */
  public Set<Integer> held() {
    synchronized (held) {
      return Set.copyOf(held);
    }
  }

  /** Held shards to dispatch from: those not being handed over. */
  public Set<Integer> active() {
    Set<Integer> active = new TreeSet<>(held());
    active.removeAll(handingOver());
    return active;
  }

  /** Held shards to stop reading, drain, commit and then {@link #release}. */
  public Set<Integer> handingOver() {
    synchronized (handingOver) {
      return Set.copyOf(handingOver);
    }
  }

  /**
   * Heartbeats, renews held leases, marks excess shards for hand-over and takes free ones up to the
   * fair share. Call it well within the lease TTL (e.g. every third of it). Returns the active
   * shards; {@link #handingOver()} tells which ones to drain and release.
   */
  public Set<Integer> rebalance() {
    CqlSession s = queue.session();
    s.execute(heartbeat.bind(route, owner, ttlSeconds));
    int shards = queue.shards(route);
    int live = Math.max(1, s.execute(members.bind(route)).all().size());
    int fairShare = (shards + live - 1) / live;

    renewHeld(s);
    List<Integer> mine = new ArrayList<>(active());
    for (int i = mine.size() - 1; i >= fairShare; i--) {
      handingOver.add(mine.get(i));
    }
    if (active().size() < fairShare) {
      Set<Integer> taken = new TreeSet<>();
      for (Row row : s.execute(leaseOwners.bind(route))) {
        taken.add(row.getInt("shard"));
      }
      for (int shard = 0; shard < shards && active().size() < fairShare; shard++) {
        if (!taken.contains(shard)
            && s.execute(acquire.bind(route, shard, owner, ttlSeconds)).wasApplied()) {
          held.add(shard);
        }
      }
    }
    return active();
  }

  /**
   * For a dispatcher that cannot send: renews the leases it holds and takes every shard nobody
   * holds, without heartbeating its membership, so that the fair share of the dispatchers that can
   * send ignores it. Returns the shards held.
   */
  public Set<Integer> holdFreeShards() {
    CqlSession s = queue.session();
    int shards = queue.shards(route);
    renewHeld(s);
    Set<Integer> taken = new TreeSet<>();
    for (Row row : s.execute(leaseOwners.bind(route))) {
      taken.add(row.getInt("shard"));
    }
    for (int shard = 0; shard < shards; shard++) {
      if (!taken.contains(shard)
          && s.execute(acquire.bind(route, shard, owner, ttlSeconds)).wasApplied()) {
        held.add(shard);
      }
    }
    return held();
  }

  /** Whether any dispatcher of the route heartbeats its membership (see {@link #rebalance}). */
  public boolean anyMember() {
    return queue.session().execute(members.bind(route)).one() != null;
  }

  /** Renews every held lease in one conditional batch, or one by one if any of them is lost. */
  private void renewHeld(CqlSession s) {
    Set<Integer> shardsHeld = held();
    if (shardsHeld.isEmpty()) {
      return;
    }
    if (shardsHeld.size() > 1) {
      BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
      for (Integer shard : shardsHeld) {
        batch.addStatement(renew.bind(ttlSeconds, owner, route, shard, owner));
      }
      if (s.execute(batch.build()).wasApplied()) {
        return;
      }
    }
    for (Integer shard : shardsHeld) {
      boolean renewed = s.execute(renew.bind(ttlSeconds, owner, route, shard, owner)).wasApplied();
      if (!renewed) {
        held.remove(shard);
        handingOver.remove(shard);
      }
    }
  }

  /** Gives one lease back, once its shard is drained and committed. */
  public void release(int shard) {
    queue.session().execute(release.bind(route, shard, owner));
    held.remove(shard);
    handingOver.remove(shard);
  }

  /** Gives every lease back at once, so others need not wait for the TTL (graceful stop). */
  public void releaseAll() {
    CqlSession s = queue.session();
    for (Integer shard : held()) {
      s.execute(release.bind(route, shard, owner));
    }
    held.clear();
    handingOver.clear();
    s.execute(leave.bind(route, owner));
  }
}
