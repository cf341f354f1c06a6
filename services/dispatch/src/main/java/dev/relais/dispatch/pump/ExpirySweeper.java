package dev.relais.dispatch.pump;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.submit.MessageSubmitter;
import dev.relais.queue.CommitTracker;
import dev.relais.queue.DispatchQueue;
import dev.relais.queue.QueuedMessage;
import dev.relais.queue.ShardLeases;
import dev.relais.queue.ShardReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a dispatcher that cannot send (no SMPP session bound) does with its route's queue, so that
 * messages whose deadline passes are still expired on time and the campaign completes: while no
 * dispatcher of the route can send, it holds the leases of the shards nobody holds and, on each
 * {@link #round}, resolves every message read that needs no submit_sm (expired, opted out, erased,
 * answered before) and commits the resolved prefix. Nothing is ever sent from here.
 *
 * <p>Messages still valid stay read and unresolved, in memory, and are looked at again every round
 * until they expire; behind them the shard is read on, up to {@code maxWaiting} of them, so that a
 * message ahead with a later deadline does not hold back one that expires sooner. The cursor can
 * only pass a prefix: a message expired behind a valid one is committed later, and if it is read
 * again (by this process once it can send) it is not reported twice ({@code OutcomeRecorder}).
 *
 * <p>The leases are held without joining the route's members, and all are given back as soon as one
 * dispatcher of the route heartbeats (it can send: it takes them and sends or expires as usual) or
 * this one can send again. Leases, as for the pumps, keep two dispatchers from reading a shard at
 * once, so each message is expired by one of them. Runs on the lease thread only.
 */
final class ExpirySweeper {

  private static final Logger LOG = Logger.getLogger(ExpirySweeper.class.getName());

  private final DispatchQueue queue;
  private final String route;
  private final ShardLeases leases;
  private final MessageSubmitter submitter;
  private final DispatchStats stats;
  private final Duration leaseTtl;
  private final int batchSize;
  private final int maxWaiting;
  private final Map<Integer, ShardExpiry> shards = new HashMap<>();
  private long lastRenewalNanos = System.nanoTime();
  private boolean sweeping;

  /** The failure last reported in the route's stats, cleared once a round succeeds. */
  private String reportedError;

  ExpirySweeper(
      DispatchQueue queue,
      String route,
      String owner,
      MessageSubmitter submitter,
      DispatchStats stats,
      Duration leaseTtl,
      int batchSize,
      int maxWaiting) {
    this.queue = queue;
    this.route = route;
    this.leases = queue.leases(route, owner);
    this.submitter = submitter;
    this.stats = stats;
    this.leaseTtl = leaseTtl;
    this.batchSize = batchSize;
    this.maxWaiting = maxWaiting;
  }

  /** One pass while this dispatcher cannot send: hold free shards, resolve what needs no SMSC. */
  void round() {
    Set<Integer> held;
    try {
      if (leases.anyMember()) {
        stop(); // a dispatcher that can send (or may soon) reads the route
        return;
      }
      held = leases.holdFreeShards();
      lastRenewalNanos = System.nanoTime();
    } catch (IllegalArgumentException e) {
      return; // the route is not declared yet: nothing is queued on it
    } catch (RuntimeException e) {
      report("expiry lease renewal failed: " + e.getClass().getSimpleName());
      LOG.log(Level.WARNING, "route " + route + ": expiry lease renewal failed", e);
      if (System.nanoTime() - lastRenewalNanos > leaseTtl.toNanos() * 2 / 3) {
        shards.clear(); // the leases may be someone else's by now: forget without committing
      }
      return;
    }
    if (!sweeping && !held.isEmpty()) {
      sweeping = true;
      LOG.info(() ->
          "route "
              + route
              + ": no SMPP session bound; expiring the due messages of shards "
              + held);
    }
    shards.keySet().retainAll(held);
    boolean failed = false;
    for (Integer shard : held) {
      ShardExpiry expiry =
          shards.computeIfAbsent(shard, s -> new ShardExpiry(queue.reader(route, s)));
      try {
        expiry.pass();
      } catch (RuntimeException e) {
        failed = true; // the reader keeps its position; the next round tries again
        report("shard " + shard + " expiry pass failed: " + e.getClass().getSimpleName());
        LOG.log(Level.WARNING, "route " + route + " shard " + shard + ": expiry pass failed", e);
      }
    }
    if (!failed && reportedError != null) {
      stats.errorResolved(reportedError);
      reportedError = null;
    }
  }

  private void report(String error) {
    reportedError = error;
    stats.error(error);
  }

  /**
   * Gives every shard back: waits a little for the outcomes reported, commits, releases. Messages
   * left unresolved are read again by the next holder.
   */
  void stop() {
    if (shards.isEmpty() && leases.held().isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + leaseTtl.toNanos() / 3;
    for (ShardExpiry expiry : shards.values()) {
      try {
        expiry.finish(deadline);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "route " + route + ": last expiry commit failed", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    shards.clear();
    try {
      leases.releaseAll();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not release expiry leases of route " + route, e);
    }
    if (sweeping) {
      sweeping = false;
      LOG.info("route " + route + ": expiry pass ends; shards given back");
    }
  }

  /** One held shard: its reader, what is read and unresolved, the messages still valid. */
  private final class ShardExpiry {
    private final ShardReader reader;
    private final CommitTracker tracker = new CommitTracker();
    private final List<QueuedMessage> waiting = new ArrayList<>();
    private final AtomicInteger unacknowledged = new AtomicInteger();

    /** A resolved prefix whose commit failed, folded into the next one. */
    private CommitTracker.Advance uncommitted;

    ShardExpiry(ShardReader reader) {
      this.reader = reader;
    }

    void pass() {
      for (Iterator<QueuedMessage> it = waiting.iterator(); it.hasNext(); ) {
        if (resolve(it.next())) {
          it.remove();
        }
      }
      while (waiting.size() < maxWaiting) {
        int max = Math.min(batchSize, maxWaiting - waiting.size());
        List<QueuedMessage> batch = reader.poll(max);
        for (QueuedMessage m : batch) {
          tracker.read(m.position());
        }
        for (QueuedMessage m : batch) {
          if (!resolve(m)) {
            waiting.add(m);
          }
        }
        if (batch.size() < max) {
          break; // caught up with what is due
        }
      }
      commit();
    }

    /** Resolves a message that needs no SMSC; false if it is still to be sent. */
    private boolean resolve(QueuedMessage m) {
      unacknowledged.incrementAndGet();
      boolean resolved =
          submitter.resolveWithoutSending(
              m,
              () -> {
                tracker.resolve(m.position());
                unacknowledged.decrementAndGet();
              });
      if (!resolved) {
        unacknowledged.decrementAndGet();
      }
      return resolved;
    }

    private void commit() {
      CommitTracker.Advance carried = uncommitted;
      CommitTracker.Advance advance =
          tracker.advance(reader.swept()).map(a -> a.after(carried)).orElse(carried);
      if (advance == null) {
        return;
      }
      uncommitted = advance;
      reader
          .commit(advance.position(), advance.count())
          .toCompletableFuture()
          .orTimeout(Math.max(1000, leaseTtl.toMillis() / 3), TimeUnit.MILLISECONDS)
          .join();
      uncommitted = null;
    }

    /** Waits until {@code deadlineNanos} for the outcomes reported, then commits. */
    void finish(long deadlineNanos) throws InterruptedException {
      while (unacknowledged.get() > 0 && System.nanoTime() < deadlineNanos) {
        Thread.sleep(50);
      }
      commit();
    }
  }
}
