package dev.relais.links.click;

import dev.relais.links.store.ClickCounterDao;
import dev.relais.links.store.Link;
import dev.relais.links.store.LinkDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records clicks off the redirect's path: a redirect only enqueues its click; one thread drains the
 * queue every {@code links.clickflush}, marks the first human click of each link (the unique count)
 * and its last one (what a conversion is attributed to), unless tracking is aggregate-only, and
 * adds the batch's counts to the campaign counters in one write per campaign.
 *
 * <p>A click that its user agent says is a person's, on a link that names its message, is first
 * judged by the {@link PrefetchRule}: its message's receipt is read from analytics (all of a
 * batch's at once, asynchronously), and a click within the prefetch window of the delivery counts
 * as a bot click. A click whose receipt is not known yet is held for the next flushes (at most
 * {@value #CAPACITY} clicks held; beyond that, a click counts by its user agent alone).
 *
 * <p>When clicks arrive faster than Cassandra takes them and the queue ({@value #CAPACITY} clicks)
 * is full, a click is dropped and counted in {@link #dropped()}: the redirect never waits for
 * statistics. A flush whose counter write fails is logged and not retried, since a counter write
 * that timed out may have been applied and a retry could count it twice.
 */
public final class ClickRecorder implements AutoCloseable {

  static final int CAPACITY = 100_000;

  private static final Logger LOG = Logger.getLogger(ClickRecorder.class.getName());

  private record Click(Link link, ClickClassifier.Kind kind, Instant at) {
    Click asBot() {
      return new Click(link, ClickClassifier.Kind.BOT, at);
    }
  }

  private final BlockingQueue<Click> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final List<Click> held = new ArrayList<>();
  private final LinkDao links;
  private final ClickCounterDao counters;
  private final Duration flushEvery;
  private final boolean perLink;
  private final Clock clock;
  private final PrefetchRule prefetch;
  private final Optional<MessageReceipts> receipts;
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong recorded = new AtomicLong();
  private final Thread worker;
  private volatile boolean running = true;

  /**
   * @param perLink whether the first human click of each link is marked and counted as a unique
   *     click; false when tracking is aggregate-only ({@code links.aggregateonly}), since a link
   *     belongs to one recipient and its first click would be that person's click history
   * @param receipts where the receipts of the clicks' messages are read; empty when analytics is
   *     not configured, and then clicks are counted by their user agent alone
   */
  public ClickRecorder(
      LinkDao links,
      ClickCounterDao counters,
      Duration flushEvery,
      boolean perLink,
      PrefetchRule prefetch,
      Optional<MessageReceipts> receipts,
      Clock clock) {
    this.prefetch = prefetch;
    this.receipts = prefetch.enabled() ? receipts : Optional.empty();
    this.links = links;
    this.counters = counters;
    this.flushEvery = flushEvery;
    this.perLink = perLink;
    this.clock = clock;
    this.worker = Thread.ofPlatform().name("links-click-recorder").daemon().start(this::run);
  }

  /** Enqueues a click of {@code link}; never blocks. */
  public void record(Link link, ClickClassifier.Kind kind) {
    if (!queue.offer(new Click(link, kind, clock.instant()))) {
      if (dropped.incrementAndGet() % 10_000 == 1) {
        LOG.warning("click queue full: clicks are being dropped from the statistics");
      }
    }
  }

  /** Clicks dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Clicks written to the counters so far. */
  public long recorded() {
    return recorded.get();
  }

  private void run() {
    List<Click> batch = new ArrayList<>();
    while (running || !queue.isEmpty() || !held.isEmpty()) {
      try {
        Click first = queue.poll(flushEvery.toMillis(), TimeUnit.MILLISECONDS);
        if (first != null) {
          batch.add(first);
          queue.drainTo(batch);
        }
        List<Click> judged = judge(batch, running);
        if (!judged.isEmpty()) {
          flush(judged);
        }
      } catch (InterruptedException e) {
        running = false;
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "a batch of " + batch.size() + " clicks was not counted", e);
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * The clicks of {@code batch} and those held before whose kind is settled, prefetches turned into
   * bot clicks; the others are held. When {@code mayHold} is false (closing), none is held: an
   * unsettled click counts by its user agent.
   */
  private List<Click> judge(List<Click> batch, boolean mayHold) {
    List<Click> candidates = new ArrayList<>(held);
    held.clear();
    candidates.addAll(batch);
    if (receipts.isEmpty()) {
      return candidates;
    }
    Map<String, CompletableFuture<Optional<PrefetchRule.Receipt>>> asked = new HashMap<>();
    for (Click click : candidates) {
      if (judged(click)) {
        asked.computeIfAbsent(
            key(click),
            k ->
                receipts
                    .get()
                    .of(click.link().campaignId(), click.link().messageId())
                    .thenApply(Optional::of)
                    .exceptionally(e -> Optional.empty()));
      }
    }
    CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).join();
    Instant now = clock.instant();
    List<Click> settled = new ArrayList<>(candidates.size());
    long unreachable = 0;
    for (Click click : candidates) {
      if (!judged(click)) {
        settled.add(click);
        continue;
      }
      Optional<PrefetchRule.Receipt> receipt = asked.get(key(click)).join();
      if (receipt.isEmpty()) {
        unreachable++;
      }
      switch (prefetch.judge(click.at(), receipt, now)) {
        case PREFETCH -> settled.add(click.asBot());
        case HUMAN -> settled.add(click);
        case WAIT -> {
          if (mayHold && held.size() < CAPACITY) {
            held.add(click);
          } else {
            settled.add(click);
          }
        }
      }
    }
    if (unreachable > 0) {
      LOG.warning(
          "the receipts of the messages of "
              + unreachable
              + " clicks could not be read from analytics: the clicks wait (up to "
              + PrefetchRule.UNREACHABLE_LIMIT
              + ") to be told from prefetches");
    }
    return settled;
  }

  /** Whether the click's kind depends on its message's delivery. */
  private static boolean judged(Click click) {
    return click.kind() == ClickClassifier.Kind.HUMAN && !click.link().messageId().isEmpty();
  }

  private static String key(Click click) {
    return click.link().campaignId() + "\n" + click.link().messageId();
  }

  private void flush(List<Click> batch) {
    ClickTally tally = new ClickTally();
    Map<String, Click> firstHumanClicks = new LinkedHashMap<>();
    Map<String, Click> lastHumanClicks = new LinkedHashMap<>();
    for (Click click : batch) {
      tally.click(click.link().campaignId(), click.link().variant(), click.kind());
      if (perLink && click.kind() == ClickClassifier.Kind.HUMAN) {
        lastHumanClicks.put(click.link().token(), click);
        if (click.link().firstClickedAt() == null) {
          firstHumanClicks.putIfAbsent(click.link().token(), click);
        }
      }
    }
    List<CompletableFuture<Void>> marks = new ArrayList<>();
    for (Click click : lastHumanClicks.values()) {
      marks.add(links.markLastClick(click.link(), click.at()).toCompletableFuture());
    }
    for (Click click : firstHumanClicks.values()) {
      marks.add(
          links
              .markFirstClick(click.link(), click.at())
              .toCompletableFuture()
              .thenAccept(first -> {
                if (first) {
                  synchronized (tally) {
                    tally.firstClick(click.link().campaignId(), click.link().variant());
                  }
                }
              }));
    }
    try {
      CompletableFuture.allOf(marks.toArray(CompletableFuture[]::new)).join();
    } catch (RuntimeException e) {
      // The links marked still count once; the others are tried again on their next click.
      LOG.log(Level.WARNING, "first or last clicks of some links could not be marked", e);
    }
    synchronized (tally) {
      counters.increment(tally).toCompletableFuture().join();
    }
    recorded.addAndGet(batch.size());
  }

  /** Writes the clicks still queued, then stops. */
  @Override
  public void close() {
    running = false;
    try {
      worker.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
