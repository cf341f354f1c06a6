package dev.relais.dispatch.pump;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.dispatch.DispatchStats;
import dev.relais.queue.PriorAttempt;
import dev.relais.queue.QueuePosition;
import dev.relais.queue.QueuedMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RouteFailoverTest {

  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final Duration AFTER = Duration.ofSeconds(30);

  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final AtomicBoolean bound = new AtomicBoolean(true);
  private final AtomicBoolean declared = new AtomicBoolean(true);
  private final AtomicInteger declaredLookups = new AtomicInteger();
  private final List<String> moves = new ArrayList<>();
  private final DispatchStats stats = new DispatchStats(Clock.fixed(NOW, ZoneOffset.UTC));

  private RouteFailover failover(String target) {
    return new RouteFailover(
        "primary",
        target,
        AFTER,
        bound::get,
        route -> {
          declaredLookups.incrementAndGet();
          return declared.get();
        },
        (m, to, at, replayed) -> {
          moves.add(to + (replayed ? " replayed" : ""));
          return CompletableFuture.completedFuture(true);
        },
        stats,
        Clock.fixed(NOW, ZoneOffset.UTC),
        number -> number.equals("+33699999999"),
        nanos::get);
  }

  private void elapse(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  private static QueuedMessage message(String destination, boolean marketing, Instant expiresAt) {
    return new QueuedMessage(
        0,
        QueuePosition.startOf(0),
        UUID.randomUUID(),
        "ns/c",
        "primary",
        destination,
        "RELAIS",
        "Bonjour",
        NOW.minusSeconds(60),
        expiresAt,
        "",
        marketing,
        1,
        PriorAttempt.NONE);
  }

  @Test
  void theDecisionTable() {
    Duration down = Duration.ofSeconds(31);
    assertThat(FailoverState.of(false, false, down, AFTER, true)).isEqualTo(FailoverState.NONE);
    assertThat(FailoverState.of(true, true, Duration.ZERO, AFTER, true))
        .isEqualTo(FailoverState.SENDING);
    assertThat(FailoverState.of(true, false, Duration.ofSeconds(29), AFTER, true))
        .isEqualTo(FailoverState.SENDING);
    assertThat(FailoverState.of(true, false, AFTER, AFTER, true)).isEqualTo(FailoverState.MOVING);
    assertThat(FailoverState.of(true, false, down, AFTER, false))
        .isEqualTo(FailoverState.WAITING_FOR_FAILOVER_ROUTE);
  }

  @Test
  void messagesMoveOnlyOnceTheRouteWasUnboundForTheWholeDelayAndStopWhenItBindsAgain() {
    RouteFailover failover = failover("backup");
    QueuedMessage m = message("+33612345678", false, NOW.plusSeconds(3600));
    assertThat(failover.shouldMove(m)).isFalse();
    bound.set(false);
    elapse(Duration.ofSeconds(29));
    assertThat(failover.shouldMove(m)).isFalse();
    assertThat(failover.state()).isEqualTo(FailoverState.SENDING);
    elapse(Duration.ofSeconds(1));
    assertThat(failover.shouldMove(m)).isTrue();
    assertThat(failover.moving()).isTrue();
    assertThat(stats.snapshot().failover()).isEqualTo("MOVING");

    bound.set(true);
    assertThat(failover.shouldMove(m)).isFalse();
    assertThat(stats.snapshot().failover()).isEqualTo("SENDING");
    // A short flap does not move anything: the delay starts again from the last bind.
    bound.set(false);
    elapse(Duration.ofSeconds(10));
    assertThat(failover.shouldMove(m)).isFalse();
  }

  @Test
  void aProcessStartingWithoutABindWaitsTheWholeDelay() {
    bound.set(false);
    RouteFailover failover = failover("backup");
    assertThat(failover.state()).isEqualTo(FailoverState.SENDING);
    elapse(AFTER);
    assertThat(failover.state()).isEqualTo(FailoverState.MOVING);
  }

  @Test
  void expiredOptedOutErasedAndAlreadyAnsweredMessagesAreNeverMoved() {
    RouteFailover failover = failover("backup");
    bound.set(false);
    elapse(AFTER);
    assertThat(failover.shouldMove(message("+33612345678", true, NOW.plusSeconds(60)))).isTrue();
    assertThat(failover.shouldMove(message("+33612345678", false, NOW))).as("expired").isFalse();
    assertThat(failover.shouldMove(message("+33699999999", true, NOW.plusSeconds(60))))
        .as("opted out")
        .isFalse();
    assertThat(failover.shouldMove(message("", false, NOW.plusSeconds(60)))).as("erased").isFalse();
    QueuedMessage answered =
        message("+33612345678", false, NOW.plusSeconds(60))
            .withPrior(new PriorAttempt(PriorAttempt.Kind.SUBMITTED, "abc", 1, 0));
    assertThat(failover.shouldMove(answered)).isFalse();
  }

  @Test
  void anUndeclaredFailoverRouteMakesMessagesWaitAndIsLookedUpAgainNowAndThen() {
    declared.set(false);
    RouteFailover failover = failover("backup");
    bound.set(false);
    elapse(AFTER);
    QueuedMessage m = message("+33612345678", false, NOW.plusSeconds(3600));
    assertThat(failover.shouldMove(m)).isFalse();
    assertThat(failover.state()).isEqualTo(FailoverState.WAITING_FOR_FAILOVER_ROUTE);
    assertThat(stats.snapshot().lastError()).contains("backup").contains("not declared");
    int lookups = declaredLookups.get();
    for (int i = 0; i < 100; i++) {
      failover.state();
    }
    assertThat(declaredLookups.get()).as("not looked up on every message").isEqualTo(lookups);
    declared.set(true);
    elapse(Duration.ofSeconds(5));
    assertThat(failover.shouldMove(m)).isTrue();
  }

  @Test
  void withoutAFailoverRouteNothingEverMoves() {
    RouteFailover none = RouteFailover.none("primary", bound::get, stats);
    bound.set(false);
    elapse(Duration.ofHours(1));
    assertThat(none.state()).isEqualTo(FailoverState.NONE);
    assertThat(none.shouldMove(message("+33612345678", false, NOW.plusSeconds(60)))).isFalse();
    assertThat(failover("").state()).isEqualTo(FailoverState.NONE);
  }

  @Test
  void movesSayWhetherTheyReplayAnEarlierHoldersAttemptAndAreCounted() {
    RouteFailover failover = failover("backup");
    QueuedMessage first = message("+33612345678", false, NOW.plusSeconds(60));
    failover.move(first, NOW).toCompletableFuture().join();
    failover.move(first.withPrior(PriorAttempt.IN_DOUBT), NOW).toCompletableFuture().join();
    failover.moved(false);
    failover.moved(true);
    assertThat(moves).containsExactly("backup", "backup replayed");
    assertThat(stats.snapshot().moved()).isEqualTo(2);
    assertThat(stats.snapshot().inDoubt()).isEqualTo(1);
  }
}
