package dev.relais.dispatch.pump;

import dev.relais.dispatch.DispatchStats;
import dev.relais.dispatch.submit.SendDecision;
import dev.relais.queue.PriorAttempt;
import dev.relais.queue.QueuedMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * A route's failover: tracks how long the route has had no SMPP session bound, tells the shard
 * pumps when a message must move to the failover route's queue instead of waiting for a bind
 * ({@link FailoverState}), and moves it. Logs state changes and moved counts, never a number or a
 * text. Thread-safe: every pump of the route and the lease thread use it.
 */
public final class RouteFailover {

  private static final Logger LOG = Logger.getLogger(RouteFailover.class.getName());
  private static final long RECHECK_DECLARED = Duration.ofSeconds(5).toNanos();
  private static final long LOG_MOVED_EVERY = Duration.ofSeconds(10).toNanos();

  /** Writes a read message durably into another route's queue (see {@code QueueWriter#move}). */
  @FunctionalInterface
  public interface Mover {
    /** True if a row was written, false if an earlier (replayed) move had written it. */
    CompletionStage<Boolean> move(
        QueuedMessage message, String toRoute, Instant movedAt, boolean replayed);
  }

  private final String route;
  private final String target;
  private final Duration after;
  private final BooleanSupplier bound;
  private final Predicate<String> declared;
  private final Mover mover;
  private final DispatchStats stats;
  private final Clock clock;
  private final Predicate<String> optedOut;
  private final LongSupplier nanoTime;
  private final AtomicLong lastBoundNanos;
  private final AtomicReference<FailoverState> last = new AtomicReference<>();
  private volatile boolean targetDeclared;
  private volatile long declaredCheckedNanos;
  private final AtomicLong movedSinceLog = new AtomicLong();
  private final AtomicLong lastMovedLogNanos;

  /**
   * @param target the failover route, or null/blank for none
   * @param after how long this route must have had no session bound before messages move
   * @param declared whether a route is declared in the queue (has a shard count)
   */
  public RouteFailover(
      String route,
      String target,
      Duration after,
      BooleanSupplier bound,
      Predicate<String> declared,
      Mover mover,
      DispatchStats stats,
      Clock clock,
      Predicate<String> optedOut,
      LongSupplier nanoTime) {
    this.route = route;
    this.target = target == null || target.isBlank() ? null : target;
    this.after = after;
    this.bound = bound;
    this.declared = declared;
    this.mover = mover;
    this.stats = stats;
    this.clock = clock;
    this.optedOut = optedOut;
    this.nanoTime = nanoTime;
    long now = nanoTime.getAsLong();
    // A process that starts without a bind waits the whole delay before moving anything.
    this.lastBoundNanos = new AtomicLong(now);
    this.lastMovedLogNanos = new AtomicLong(now);
    this.declaredCheckedNanos = now - RECHECK_DECLARED;
  }

  /** A route without failover: messages always wait for its own binds. */
  public static RouteFailover none(String route, BooleanSupplier bound, DispatchStats stats) {
    return new RouteFailover(
        route,
        null,
        Duration.ZERO,
        bound,
        r -> false,
        (m, r, at, replayed) -> {
          throw new IllegalStateException("no failover route");
        },
        stats,
        Clock.systemUTC(),
        n -> false,
        System::nanoTime);
  }

  /** The failover route, or null. */
  public String target() {
    return target;
  }

  /** The state now; also records whether the route is bound, so call it regularly. */
  public FailoverState state() {
    boolean isBound = bound.getAsBoolean();
    long now = nanoTime.getAsLong();
    if (isBound && now - lastBoundNanos.get() > 1_000_000) {
      lastBoundNanos.set(now); // at most once a millisecond: every pump calls this per message
    }
    Duration unbound = Duration.ofNanos(isBound ? 0 : now - lastBoundNanos.get());
    boolean downLongEnough = target != null && !isBound && unbound.compareTo(after) >= 0;
    FailoverState state =
        FailoverState.of(target != null, isBound, unbound, after, downLongEnough && declared(now));
    FailoverState previous = last.get();
    if (previous != state && last.compareAndSet(previous, state)) {
      changed(previous, state);
    }
    return state;
  }

  /** Whether the failover route can take this route's messages now (the lease thread asks). */
  public boolean moving() {
    return state() == FailoverState.MOVING;
  }

  /**
   * Whether a message read now must move: the route is {@link FailoverState#MOVING} and the message
   * would be sent. Expired ones, opted-out marketing ones, erased ones and ones whose SMSC answer
   * an earlier holder recorded are resolved here as always, never moved.
   */
  public boolean shouldMove(QueuedMessage message) {
    return target != null
        && state() == FailoverState.MOVING
        && !message.prior().answered()
        && SendDecision.of(message, clock.instant(), optedOut) == SendDecision.SEND;
  }

  /** The instant a move starts at; a retried write of the same message reuses it. */
  public Instant now() {
    return clock.instant();
  }

  /** Writes the message into the failover route's queue (see {@link Mover}). */
  public CompletionStage<Boolean> move(QueuedMessage message, Instant movedAt) {
    return mover.move(message, target, movedAt, message.prior().kind() != PriorAttempt.Kind.NONE);
  }

  /**
   * Counts a message moved (and resolved on this route), logging counts now and then. A message an
   * earlier holder may have submitted on this route before it stopped ({@code inDoubt}: read again
   * under its send mark, and no earlier move of it found) may reach its recipient twice: it is
   * counted as in doubt too.
   */
  public void moved(boolean inDoubt) {
    stats.moved();
    if (inDoubt) {
      stats.inDoubt();
    }
    movedSinceLog.incrementAndGet();
    long now = nanoTime.getAsLong();
    long lastLog = lastMovedLogNanos.get();
    if (now - lastLog >= LOG_MOVED_EVERY && lastMovedLogNanos.compareAndSet(lastLog, now)) {
      long count = movedSinceLog.getAndSet(0);
      LOG.info(
          () -> "route " + route + ": " + count + " message(s) moved to failover route " + target);
    }
  }

  private boolean declared(long now) {
    if (targetDeclared) {
      return true; // a declared route is never undeclared
    }
    return lookUpDeclared(now);
  }

  /** One look-up at a time: a pump must not read "undeclared" while another one looks it up. */
  private synchronized boolean lookUpDeclared(long now) {
    if (targetDeclared) {
      return true;
    }
    if (now - declaredCheckedNanos < RECHECK_DECLARED) {
      return false;
    }
    declaredCheckedNanos = now;
    try {
      targetDeclared = declared.test(target);
    } catch (RuntimeException e) {
      LOG.warning("route " + route + ": could not look up failover route " + target + ": " + e);
    }
    return targetDeclared;
  }

  private void changed(FailoverState previous, FailoverState state) {
    stats.failover(state.name());
    switch (state) {
      case MOVING ->
          LOG.warning(() ->
              "route "
                  + route
                  + ": no SMPP session bound for "
                  + after
                  + " or more; moving its messages to failover route "
                  + target);
      case WAITING_FOR_FAILOVER_ROUTE -> {
        String why = "failover route " + target + " is not declared in the queue; messages wait";
        stats.error(why);
        LOG.warning("route " + route + ": no SMPP session bound for " + after + "; " + why);
      }
      case SENDING -> {
        if (previous == FailoverState.MOVING
            || previous == FailoverState.WAITING_FOR_FAILOVER_ROUTE) {
          long count = movedSinceLog.getAndSet(0);
          LOG.info(() ->
              "route "
                  + route
                  + ": bound again; sending its own messages ("
                  + count
                  + " more moved to "
                  + target
                  + " before)");
        }
      }
      case NONE -> {}
    }
  }
}
