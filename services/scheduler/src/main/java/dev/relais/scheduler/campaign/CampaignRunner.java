package dev.relais.scheduler.campaign;

import dev.relais.common.telemetry.TraceParent;
import dev.relais.queue.MessageSampling;
import dev.relais.queue.OutgoingMessage;
import dev.relais.queue.QueueWriter;
import dev.relais.scheduler.audience.VelocityLimiter;
import dev.relais.scheduler.links.MessageLinks;
import dev.relais.scheduler.routing.RouteTable;
import dev.relais.scheduler.store.CampaignStore;
import dev.relais.scheduler.store.RouteStore;
import dev.relais.scheduler.store.StoredCampaign;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Expands due campaigns in the background: polls the schedule, takes a campaign's lease (so one
 * scheduler instance expands it), and runs its {@link CampaignExpansion} from the saved progress.
 *
 * <p>A restart resumes from the last saved page. The page in flight when a process dies may have
 * been queued, wholly or in part, without its progress saved: it is composed again with the same
 * message ids, and only its messages not yet in the queue are written ({@link CampaignExpansion}),
 * so nobody receives the message twice and nothing is lost.
 *
 * <p>A campaign that fails (contacts unreachable, Cassandra timeouts) is retried with backoff, and
 * its status message says why meanwhile.
 */
public final class CampaignRunner implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(CampaignRunner.class.getName());
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /** Tuning of the runner. */
  public record Settings(Duration poll, Duration lease, int parallel, int pageSize) {}

  private final CampaignStore campaigns;
  private final RouteStore routes;
  private final CampaignValidator validator;
  private final AudienceSource audience;
  private final MarketingSendLog sends;
  private final VelocityLimiter velocity;
  private final QueueWriter queue;
  private final Tracer tracer;
  private final PageTracing pages;
  private final Clock clock;
  private final Settings settings;
  private final SchedulerMetrics metrics;
  private final ExecutorService executor;
  private final Optional<MessageLinks> links;
  private final DeliveryProgress delivery;
  private final CampaignClicks clicks;
  private final String owner = "scheduler-" + UUID.randomUUID();
  private final AbTestRun abTest;
  private final Set<String> running = ConcurrentHashMap.newKeySet();
  private final Map<String, Backoff> backoffs = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private Thread loop;

  /** No route is declared yet: the campaign waits (with backoff) instead of expanding. */
  static final class NoRouteYet extends RuntimeException {
    NoRouteYet() {
      super(
          "waiting for a route: no SmppRoute is declared to the scheduler yet", null, false, false);
    }
  }

  /** When a failing campaign may be tried again. */
  private record Backoff(int failures, Instant retryAt) {}

  public CampaignRunner(
      CampaignStore campaigns,
      RouteStore routes,
      CampaignValidator validator,
      AudienceSource audience,
      MarketingSendLog sends,
      VelocityLimiter velocity,
      QueueWriter queue,
      Tracer tracer,
      MessageSampling sampling,
      SchedulerMetrics metrics,
      Clock clock,
      Settings settings,
      ExecutorService executor,
      Optional<MessageLinks> links,
      DeliveryProgress delivery,
      CampaignClicks clicks) {
    this.campaigns = campaigns;
    this.routes = routes;
    this.validator = validator;
    this.audience = audience;
    this.sends = sends;
    this.velocity = velocity;
    this.queue = queue;
    this.tracer = tracer;
    this.pages = new PageTracing(tracer, sampling);
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
    this.executor = executor;
    this.links = links;
    this.delivery = delivery;
    this.clicks = clicks;
    this.abTest = new AbTestRun(this);
  }

  /** Starts polling on a virtual thread. */
  public CampaignRunner start() {
    int repaired = campaigns.reschedule();
    LOG.info(() -> owner + ": " + repaired + " campaign(s) to expand");
    loop = Thread.ofVirtual().name("campaign-runner").start(this::pollForever);
    return this;
  }

  private void pollForever() {
    while (!closed) {
      try {
        pollOnce();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "polling due campaigns failed; retrying", e);
      }
      try {
        Thread.sleep(settings.poll());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Starts expanding every due campaign not already running here, up to the parallel limit. */
  public void pollOnce() {
    Instant now = clock.instant();
    for (CampaignStore.ScheduleEntry entry : campaigns.scheduled()) {
      if (closed || running.size() >= settings.parallel()) {
        return;
      }
      Backoff backoff = backoffs.get(entry.id());
      if (entry.suspended()
          || entry.startAt().isAfter(now)
          || (backoff != null && backoff.retryAt().isAfter(now))
          || !running.add(entry.id())) {
        continue;
      }
      executor.execute(() -> {
        try {
          run(entry.id());
        } finally {
          running.remove(entry.id());
        }
      });
    }
  }

  private void run(String id) {
    if (!campaigns.claim(id, owner, settings.lease())) {
      return; // another instance expands it
    }
    Span span = Span.getInvalid();
    try {
      StoredCampaign stored = campaigns.find(id).orElse(null);
      if (stored == null || stored.spec().getSuspended()) {
        return;
      }
      if (stored.progress().expansionComplete()
          && (!stored.spec().hasAbTest() || stored.abSampled())) {
        campaigns.unschedule(id);
        return;
      }
      if (routes.all().isEmpty()) {
        // Manifests applied together (kubectl apply -f dir/) can hand a campaign over before its
        // route is declared: wait for one rather than suppress the whole audience as no-route.
        // Polled every second meanwhile: no span for it.
        throw new NoRouteYet();
      }
      // The campaign's trace, kept with it: expansion continues it, also after a restart.
      span =
          tracer
              .spanBuilder("expand campaign")
              .setParent(TraceParent.context(stored.traceparent()))
              .setAttribute("campaign.id", id)
              .startSpan();
      try (Scope ignored = span.makeCurrent()) {
        expandStored(id, stored, span);
      }
    } catch (CampaignExpansion.TakenOver e) {
      LOG.warning(() -> id + ": " + e.getMessage());
    } catch (NoRouteYet e) {
      // Not a failure: look again at the next poll but one.
      backoffs.put(id, new Backoff(0, clock.instant().plus(Duration.ofSeconds(1))));
      campaigns.setMessage(id, e.getMessage());
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, describe(e));
      fail(id, e);
    } finally {
      span.end();
      try {
        campaigns.release(id, owner);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "lease of " + id + " not released; it expires by itself", e);
      }
    }
  }

  /**
   * The page's messages with each recipient's short links in place of the template's stand-ins
   * (created by the links service before the page is queued); as composed when it has none.
   */
  private CompletionStage<List<OutgoingMessage>> withLinks(
      CompiledCampaign campaign, List<OutgoingMessage> messages) {
    if (links.isEmpty()) {
      // The validator refused link placeholders without a links service: nothing to replace.
      return CompletableFuture.completedFuture(messages);
    }
    return CompletableFuture.supplyAsync(() -> links.get().resolve(campaign, messages), executor);
  }

  /** Expands a stored campaign under its expansion span (current). */
  private void expandStored(String id, StoredCampaign stored, Span span) {
    CompiledCampaign campaign;
    try {
      campaign = validator.compile(stored.spec(), stored.acceptedAt());
    } catch (IllegalArgumentException e) {
      campaigns.setPhase(
          id,
          CampaignStatusView.FAILED,
          "campaign can no longer be expanded: " + e.getMessage(),
          clock.instant());
      campaigns.unschedule(id);
      return;
    }
    if (!stored.started()
        && !campaigns.markStarted(id, owner, stored.generation(), clock.instant())) {
      return; // replaced by a new generation meanwhile: the next poll sees it
    }
    if (campaign.abTest() == null) {
      if (expand(campaign, stored.progress(), span, null).expansionComplete()) {
        campaigns.unschedule(id);
      }
    } else {
      abTest.run(campaign, stored, span);
    }
    backoffs.remove(id);
  }

  /** Expands the campaign, or one pass of its A/B test; returns the progress reached. */
  CampaignProgress expand(
      CompiledCampaign campaign, CampaignProgress progress, Span span, AbTestPass pass) {
    String id = campaign.id();
    // Expansion names messages by page key and destination (PageMessageIds): a page composed
    // again after a crash keeps its ids.
    MessageComposer composer =
        new MessageComposer(campaign, RouteTable.of(routes.all()), velocity).forPass(pass);
    MarketingSendLog log = campaign.marketing() ? sends : MarketingSendLog.NONE;
    SuspensionCheck suspension = new SuspensionCheck(id);
    AtomicReference<CampaignProgress> counted = new AtomicReference<>(progress);
    CampaignExpansion expansion =
        new CampaignExpansion(
            campaign,
            composer,
            audience,
            settings.pageSize(),
            new CampaignExpansion.MessageSink() {
              // Sends are recorded before the page is queued: a page that fails in between is
              // recorded again (idempotently) and queued on retry, never queued uncounted.
              @Override
              public CompletionStage<Void> enqueue(List<OutgoingMessage> messages, Instant floor) {
                return withLinks(campaign, messages)
                    .thenCompose(linked ->
                        pages.queue(
                            id,
                            linked,
                            traced ->
                                log.record(id, traced)
                                    .thenCompose(done -> queue.enqueue(traced, floor))));
              }

              @Override
              public CompletionStage<Set<UUID>> queuedAt(
                  List<OutgoingMessage> messages, Instant floor) {
                return queue.queuedAt(messages, floor);
              }
            },
            saved -> {
              boolean kept =
                  campaigns.saveProgress(id, owner, settings.lease(), saved, "", clock.instant());
              if (kept) {
                metrics.progressed(id, counted.getAndSet(saved), saved);
              }
              return kept;
            },
            () -> closed || suspension.suspended(),
            clock);
    CampaignProgress reached = expansion.run(progress);
    if (reached.expansionComplete()) {
      span.setAttribute("campaign.audience", reached.audience());
      span.setAttribute("campaign.queued", reached.queued());
      LOG.info(() ->
          id
              + ": expanded, "
              + reached.queued()
              + " message(s) queued of "
              + reached.audience()
              + " contact(s) in "
              + expansion.timings()
              + (pass == null
                  ? ""
                  : pass.rest() ? " (A/B test: the rest)" : " (A/B test: sample)"));
    }
    return reached;
  }

  /** Reads the campaign's suspension at most once a second: pausing need not be instant. */
  private final class SuspensionCheck {
    private final String id;
    private long nextCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);

    SuspensionCheck(String id) {
      this.id = id;
    }

    boolean suspended() {
      long now = System.nanoTime();
      if (now < nextCheck) {
        return false;
      }
      nextCheck = now + TimeUnit.SECONDS.toNanos(1);
      return campaigns.isSuspended(id);
    }
  }

  private void fail(String id, RuntimeException e) {
    Backoff previous = backoffs.get(id);
    int failures = previous == null ? 1 : previous.failures() + 1;
    Duration delay = Duration.ofSeconds(1L << Math.min(failures - 1, 5));
    if (delay.compareTo(MAX_BACKOFF) > 0) {
      delay = MAX_BACKOFF;
    }
    backoffs.put(id, new Backoff(failures, clock.instant().plus(delay)));
    String why = describe(e);
    LOG.log(Level.WARNING, id + ": expansion interrupted (" + why + "); retrying in " + delay, e);
    try {
      campaigns.setMessage(id, "expansion interrupted, retrying: " + why);
    } catch (RuntimeException ignored) {
      // Cassandra itself may be what fails; the log has it.
    }
  }

  /** A readable cause: gRPC status of the contacts call, or the exception's message. */
  static String describe(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof StatusRuntimeException status) {
      return "contacts service: "
          + status.getStatus().getCode()
          + (status.getStatus().getDescription() == null
              ? ""
              : " " + status.getStatus().getDescription());
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  CampaignStore campaigns() {
    return campaigns;
  }

  String owner() {
    return owner;
  }

  Settings settings() {
    return settings;
  }

  Clock clock() {
    return clock;
  }

  DeliveryProgress delivery() {
    return delivery;
  }

  CampaignClicks clicks() {
    return clicks;
  }

  /** True while a campaign is being expanded by this instance. */
  public boolean isRunning(String id) {
    return running.contains(id);
  }

  /**
   * Stops polling and lets the pages in flight finish (up to 10 seconds) so that their progress is
   * saved; campaigns resume from there on the next start.
   */
  @Override
  public void close() {
    closed = true;
    if (loop != null) {
      loop.interrupt();
    }
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!running.isEmpty() && System.nanoTime() < giveUp) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
  }
}
