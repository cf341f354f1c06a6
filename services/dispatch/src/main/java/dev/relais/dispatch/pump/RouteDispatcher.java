package dev.relais.dispatch.pump;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.events.EventPublisher;
import dev.relais.dispatch.submit.MessageSubmitter;
import dev.relais.queue.DispatchQueue;
import dev.relais.queue.ShardLeases;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one {@link ShardPump} per shard this dispatcher holds a lease on, rebalancing the leases
 * every third of their TTL: new shards get a pump, lost ones are abandoned.
 *
 * <p>If leases cannot be renewed (Cassandra unreachable) for two thirds of their TTL, every pump is
 * abandoned before the leases can expire, so two dispatchers never send from one shard for long. A
 * dispatcher that cannot send (no SMPP session bound) for a whole lease TTL gives its shards back,
 * so that replicas which can send take them over, and leases none to send from until it can send
 * again, or until its {@link RouteFailover} moves the route's messages to the failover route's
 * queue. Meanwhile, while no replica of the route can send, its {@link ExpirySweeper} holds the
 * shards nobody holds and expires their messages whose deadline passes, without sending anything.
 *
 * <p>Graceful stop: stop reading, let in-flight submits finish (bounded), flush their events,
 * commit the cursors, then give the leases back so that another dispatcher takes over at once.
 */
public final class RouteDispatcher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RouteDispatcher.class.getName());

  private final DispatchQueue queue;
  private final String route;
  private final ShardLeases leases;
  private final MessageSubmitter submitter;
  private final EventPublisher publisher;
  private final Tracer tracer;
  private final DispatchStats stats;
  private final ShardPump.Settings pumpSettings;
  private final Duration leaseTtl;
  private final BooleanSupplier canSend;
  private final RouteFailover failover;
  private final ExpirySweeper expiry;
  private volatile long lastAbleToSendNanos = System.nanoTime();
  private final Map<Integer, ShardPump> pumps = new ConcurrentHashMap<>();
  private final Set<Integer> handingOver = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService scheduler;
  private volatile long lastRenewalNanos = System.nanoTime();
  private volatile boolean stopped;

  /** Whether the route was seen undeclared (and said so once); null before the first check. */
  private Boolean undeclared;

  /** The renewal failure last reported in the route's stats, cleared once renewals succeed. */
  private String renewalError;

  public RouteDispatcher(
      DispatchQueue queue,
      String route,
      String owner,
      MessageSubmitter submitter,
      EventPublisher publisher,
      Tracer tracer,
      DispatchStats stats,
      ShardPump.Settings pumpSettings,
      Duration leaseTtl,
      BooleanSupplier canSend,
      RouteFailover failover) {
    this.queue = queue;
    this.route = route;
    this.leases = queue.leases(route, owner);
    this.submitter = submitter;
    this.publisher = publisher;
    this.tracer = tracer;
    this.stats = stats;
    this.pumpSettings = pumpSettings;
    this.leaseTtl = leaseTtl;
    this.canSend = canSend;
    this.failover = failover;
    this.expiry =
        new ExpirySweeper(
            queue,
            route,
            owner,
            submitter,
            stats,
            leaseTtl,
            pumpSettings.batchSize(),
            pumpSettings.maxUnresolved());
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("leases-" + route).unstarted(r));
  }

  /** Takes leases now and then every third of the lease TTL. */
  public void start() {
    long period = Math.max(500, leaseTtl.toMillis() / 3);
    scheduler.scheduleWithFixedDelay(this::rebalance, 0, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Whether the scheduler has declared the route in the queue (its shard count). A dispatcher may
   * start first: it waits, saying so once, instead of failing every renewal until then.
   */
  private boolean declared() {
    boolean known;
    try {
      queue.shards(route);
      known = true;
    } catch (IllegalArgumentException e) {
      known = false;
    } catch (RuntimeException e) {
      return true; // Cassandra unreachable: the renewal fails and says so
    }
    if (!known && undeclared == null) {
      LOG.info("route " + route + " is not declared in the queue yet; waiting for the scheduler");
    } else if (known && Boolean.TRUE.equals(undeclared)) {
      LOG.info("route " + route + " declared; taking shard leases");
    }
    undeclared = !known;
    return known;
  }

  /** Shards with a running pump. */
  public int shardsLeased() {
    return pumps.size();
  }

  /** The oldest due message's age over the shards pumped here (see {@link ShardPump}). */
  public long oldestDueAgeMillis(long nowMillis) {
    long oldest = 0;
    for (ShardPump pump : pumps.values()) {
      oldest = Math.max(oldest, pump.oldestDueAgeMillis(nowMillis));
    }
    return oldest;
  }

  private synchronized void rebalance() {
    if (stopped) {
      return;
    }
    boolean moving = failover.moving(); // asked every time: it tracks how long binds are down
    if (canSend.getAsBoolean() || moving) {
      lastAbleToSendNanos = System.nanoTime();
      expiry.stop(); // shards it held are free for the pumps below
    } else if (System.nanoTime() - lastAbleToSendNanos > leaseTtl.toNanos()) {
      if (!pumps.isEmpty() || !leases.held().isEmpty()) {
        LOG.warning("route " + route + ": no SMPP session bound; giving the shards back");
        abandon(new HashSet<>(pumps.keySet()));
        try {
          leases.releaseAll();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "could not release leases of route " + route, e);
        }
      }
      expiry.round();
      return;
    }
    if (!declared()) {
      return;
    }
    Set<Integer> held;
    try {
      held = leases.rebalance();
      lastRenewalNanos = System.nanoTime();
      if (renewalError != null) {
        stats.errorResolved(renewalError);
        renewalError = null;
        LOG.info("lease renewal for route " + route + " works again");
      }
    } catch (RuntimeException e) {
      boolean first = renewalError == null;
      renewalError = "lease renewal failed: " + e.getClass().getSimpleName();
      stats.error(renewalError);
      if (first) {
        LOG.log(Level.WARNING, "lease renewal for route " + route + " failed", e);
      } else {
        LOG.warning("lease renewal for route " + route + " still failing: " + e);
      }
      if (System.nanoTime() - lastRenewalNanos > leaseTtl.toNanos() * 2 / 3) {
        abandon(new HashSet<>(pumps.keySet()));
      }
      return;
    }
    Set<Integer> lost = new HashSet<>(pumps.keySet());
    lost.removeAll(held);
    Set<Integer> toHandOver = leases.handingOver();
    lost.removeAll(toHandOver);
    abandon(lost);
    handOver(toHandOver);
    for (Integer shard : held) {
      pumps.computeIfAbsent(
          shard,
          s -> {
            ShardPump pump =
                new ShardPump(
                    route,
                    queue.reader(route, s),
                    submitter,
                    failover,
                    tracer,
                    stats,
                    pumpSettings);
            pump.start();
            LOG.info(() -> "route " + route + ": dispatching shard " + s);
            return pump;
          });
    }
  }

  /**
   * Gives shards back to the other replicas without resending anything: stop reading, wait (a
   * bounded time) for the outcomes in flight, commit, and only then release the lease.
   */
  private void handOver(Set<Integer> shards) {
    for (Integer shard : shards) {
      if (!handingOver.add(shard)) {
        continue; // already draining
      }
      ShardPump pump = pumps.remove(shard);
      Thread.ofVirtual()
          .name("handover-" + route + "-" + shard)
          .start(() -> {
            try {
              if (pump != null) {
                LOG.info(() -> "route " + route + ": handing shard " + shard + " over");
                pump.stopReading(Duration.ofSeconds(15));
                long deadline = System.nanoTime() + leaseTtl.toNanos() / 2;
                while (pump.unresolved() > 0 && System.nanoTime() < deadline) {
                  pump.commitNow(Duration.ofSeconds(1));
                  Thread.sleep(100);
                }
                pump.commitNow(Duration.ofSeconds(2));
                pump.finish();
              }
              leases.release(shard);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
              LOG.log(Level.WARNING, "hand-over of shard " + shard + " failed", e);
            } finally {
              handingOver.remove(shard);
            }
          });
    }
  }

  private void abandon(Set<Integer> shards) {
    for (Integer shard : shards) {
      ShardPump pump = pumps.remove(shard);
      if (pump != null) {
        LOG.info(() -> "route " + route + ": lease on shard " + shard + " lost; stopping it");
        try {
          pump.abandon();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * Stops gracefully within about {@code drainTimeout}: what cannot finish in time stays
   * uncommitted and is sent again by the next lease holder.
   */
  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  public void close(Duration drainTimeout) {
    synchronized (this) {
      stopped = true;
      expiry.stop();
    }
    scheduler.shutdownNow();
    try {
      long deadline = System.nanoTime() + drainTimeout.toNanos();
      for (ShardPump pump : pumps.values()) {
        pump.stopReading(Duration.ofSeconds(15));
      }
      if (!submitter.awaitIdle(remaining(deadline))) {
        submitter.stop();
        submitter.awaitIdle(Duration.ofSeconds(2));
      }
      if (!publisher.flush(remaining(deadline))) {
        LOG.warning("route " + route + ": some outcomes were not acknowledged before stopping");
      }
      for (ShardPump pump : pumps.values()) {
        pump.commitNow(remaining(deadline).plusSeconds(1));
        pump.finish();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      pumps.values().forEach(ShardPump::finish);
      pumps.clear();
      try {
        leases.releaseAll();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "could not release leases of route " + route, e);
      }
    }
  }

  private static Duration remaining(long deadlineNanos) {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }
}
