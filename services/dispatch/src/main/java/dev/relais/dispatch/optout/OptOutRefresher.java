package dev.relais.dispatch.optout;

import static dev.relais.common.time.ProtoTime.instant;
import static dev.relais.common.time.ProtoTime.timestamp;

import dev.relais.dispatch.MessageTracing;
import dev.relais.proto.contacts.v1.ListOptOutsRequest;
import dev.relais.proto.contacts.v1.ListOptOutsResponse;
import dev.relais.proto.contacts.v1.OptOutEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Keeps the {@link OptOutRegistry} up to date from contacts: the first successful poll loads the
 * opt-outs of the whole window by time, every later one reads contacts' opt-out log after the last
 * position read. Log positions are gap-free and given by no clock, so an opt-out is in the registry
 * one poll (plus one read) after contacts recorded it, however far apart the clocks of contacts'
 * replicas and this dispatcher are; only the first load's window is measured on a clock. An entry
 * marked {@code lifted} (a re-subscription with evidence) removes the number from the registry.
 *
 * <p>When contacts cannot be reached the dispatcher keeps sending with the last set it knows (empty
 * before the first load) and says so once per outage: stopping every marketing send of a route
 * because contacts is down would be worse than the gap, which the scheduler's suppression at
 * expansion already narrows to the messages queued before an opt-out.
 *
 * <p>Polls make no span. An opt-out read from the log with the trace of its recording (a sampled MO
 * STOP) is recorded in that trace as an {@code apply opt-out} span; the first load, which reads up
 * to a window of past opt-outs at start, adds none to their old traces.
 */
public final class OptOutRefresher implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(OptOutRefresher.class.getName());

  /** Entries asked for per page. */
  static final int PAGE_SIZE = 2000;

  /**
   * @param window how far back the first load reads; longer than a queued message can live
   * @param poll time between two reads of the log
   * @param capacity most numbers held
   */
  public record Settings(Duration window, Duration poll, int capacity) {}

  private final OptOutFeed feed;
  private final OptOutRegistry registry;
  private final Settings settings;
  private final Clock clock;
  private final Consumer<String> errors;
  private final MessageTracing tracing;
  private final ScheduledExecutorService timer;

  /** The last log position read; null until the window is loaded. */
  private volatile Long position;

  /** When the opt-out set was last read whole from contacts; creation until the first read. */
  private volatile Instant readAt;

  private volatile boolean failing;
  private long evictedReported;

  public OptOutRefresher(
      OptOutFeed feed,
      OptOutRegistry registry,
      Settings settings,
      Clock clock,
      Consumer<String> errors) {
    this(feed, registry, settings, clock, errors, MessageTracing.NONE);
  }

  /**
   * @param tracing records the opt-outs read from the log in their trace, if they have one
   */
  public OptOutRefresher(
      OptOutFeed feed,
      OptOutRegistry registry,
      Settings settings,
      Clock clock,
      Consumer<String> errors,
      MessageTracing tracing) {
    this.feed = feed;
    this.tracing = tracing;
    this.registry = registry;
    this.settings = settings;
    this.clock = clock;
    this.errors = errors;
    this.readAt = clock.instant();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("opt-out-feed").unstarted(r));
  }

  /**
   * Loads the window in the calling thread (so that a dispatcher starts sending with it when
   * contacts answers; a failure is logged, not thrown), then polls the feed every {@code poll}.
   */
  public void start() {
    refreshQuietly();
    long poll = settings.poll().toMillis();
    timer.scheduleWithFixedDelay(this::refreshQuietly, poll, poll, TimeUnit.MILLISECONDS);
  }

  /** Whether the window has been loaded at least once. */
  public boolean loaded() {
    return position != null;
  }

  /**
   * Reads every opt-out recorded since the last read into the registry.
   *
   * @throws RuntimeException when contacts could not answer (the registry keeps what it has)
   */
  public void refresh() {
    if (position == null) {
      position = loadWindow();
    } else {
      position = readLog(position);
    }
    registry.pruneBefore(clock.instant().minus(settings.window()));
    readAt = clock.instant();
  }

  /**
   * Seconds since the opt-out set was last read from contacts (since this refresher was created
   * while it never was): a few polls while contacts answers, growing while the feed fails.
   */
  public double secondsSinceRead() {
    return Duration.between(readAt, clock.instant()).toMillis() / 1000.0;
  }

  /** Loads the window by time; returns the log position to continue from. */
  private long loadWindow() {
    Instant since = clock.instant().minus(settings.window());
    Long continueAfter = null;
    String token = "";
    do {
      ListOptOutsResponse page =
          feed.list(
              ListOptOutsRequest.newBuilder()
                  .setSince(timestamp(since))
                  .setPageToken(token)
                  .setPageSize(PAGE_SIZE)
                  .build());
      if (continueAfter == null) {
        // Read before the first page: what is recorded later is after it in the log.
        continueAfter = page.getLogPosition();
      }
      addAll(page, false);
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return continueAfter;
  }

  /** Reads the log after {@code after}; returns the last position read. */
  private long readLog(long after) {
    ListOptOutsResponse page;
    do {
      page =
          feed.list(
              ListOptOutsRequest.newBuilder()
                  .setAfterPosition(after)
                  .setPageSize(PAGE_SIZE)
                  .build());
      addAll(page, true);
      after = Math.max(after, page.getLogPosition());
    } while (!page.getNextPageToken().isEmpty());
    return after;
  }

  /**
   * @param traced whether opt-outs that carry a trace are recorded in it
   */
  private void addAll(ListOptOutsResponse page, boolean traced) {
    // In the order recorded: an opt-out, its lifting and a new opt-out end suppressed.
    for (OptOutEntry entry : page.getEntriesList()) {
      if (entry.getLifted()) {
        registry.lift(entry.getPhone());
      } else {
        boolean added = registry.add(entry.getPhone(), instant(entry.getAt()));
        if (traced) {
          tracing.optOutApplied(entry.getTraceparent(), !added);
        }
      }
    }
  }

  private void refreshQuietly() {
    boolean firstLoad = position == null;
    try {
      refresh();
      if (failing) {
        failing = false;
        LOG.info("opt-out feed from contacts readable again");
      }
      if (firstLoad) {
        LOG.info(() -> "opt-out registry loaded: " + registry.size() + " recent opt-outs");
      }
      long evicted = registry.evicted();
      if (evicted > evictedReported) {
        evictedReported = evicted;
        String message =
            "opt-out registry full: "
                + evicted
                + " oldest opt-outs forgotten; raise dispatch.optoutcapacity";
        LOG.warning(message);
        errors.accept(message);
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        String message =
            (firstLoad
                    ? "opt-out registry not loaded yet (marketing messages to numbers that opted"
                        + " out after being queued are not suppressed until it is): "
                    : "opt-out feed unreadable, suppressing with the last known set: ")
                + e.getMessage();
        LOG.warning(message);
        errors.accept(message);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
