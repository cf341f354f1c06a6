package dev.relais.dispatch;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.time.PlatformClock;
import dev.relais.dispatch.events.AnalyticsEventSink;
import dev.relais.dispatch.events.EventPublisher;
import dev.relais.dispatch.events.MessageEvents;
import dev.relais.dispatch.inbound.ContactsInboundGateway;
import dev.relais.dispatch.inbound.InboundMessages;
import dev.relais.dispatch.inbound.RecentRecipients;
import dev.relais.dispatch.optout.ContactsOptOutFeed;
import dev.relais.dispatch.optout.OptOutRefresher;
import dev.relais.dispatch.optout.OptOutRegistry;
import dev.relais.dispatch.pump.RouteDispatcher;
import dev.relais.dispatch.pump.RouteFailover;
import dev.relais.dispatch.receipt.CorrelationStore;
import dev.relais.dispatch.receipt.ReceiptCorrelator;
import dev.relais.dispatch.smpp.DeliverSmListener;
import dev.relais.dispatch.smpp.ReceiptRefusals;
import dev.relais.dispatch.smpp.SmppSessions;
import dev.relais.dispatch.submit.MessageSubmitter;
import dev.relais.dispatch.submit.OutcomeRecorder;
import dev.relais.dispatch.submit.TpsLimiter;
import dev.relais.queue.DispatchQueue;
import dev.relais.queue.MessageSampling;
import dev.relais.queue.QueueSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;

/**
 * A running dispatcher for one route, startable in-process: Cassandra (its correlation keyspace and
 * the queue), SMPP sessions, the shard pumps, event publishing, and the gRPC/health server.
 *
 * <p>Ready when Cassandra is up and at least one SMPP session is bound.
 */
public final class DispatchServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(DispatchServer.class.getName());

  private final DispatchSettings settings;
  private final Telemetry telemetry;
  private final CqlSession session;
  private final SmppSessions sessions;
  private final EventPublisher publisher;
  private final RouteDispatcher dispatcher;
  private final OptOutRefresher optOuts;
  private final DispatchQueue queue;
  private final ScheduledExecutorService scheduler;
  private final DispatchStats stats;
  private final ServiceServer server;
  private final CorrelationStore correlations;

  private DispatchServer(
      DispatchSettings settings,
      Telemetry telemetry,
      CqlSession session,
      SmppSessions sessions,
      EventPublisher publisher,
      RouteDispatcher dispatcher,
      OptOutRefresher optOuts,
      DispatchQueue queue,
      ScheduledExecutorService scheduler,
      DispatchStats stats,
      ServiceServer server,
      CorrelationStore correlations) {
    this.settings = settings;
    this.telemetry = telemetry;
    this.session = session;
    this.sessions = sessions;
    this.publisher = publisher;
    this.dispatcher = dispatcher;
    this.optOuts = optOuts;
    this.queue = queue;
    this.scheduler = scheduler;
    this.stats = stats;
    this.server = server;
    this.correlations = correlations;
  }

  /** Connects, migrates, binds and starts dispatching the route named by {@code dispatch.route}. */
  public static DispatchServer start(ServiceConfig config) {
    DispatchSettings settings = DispatchSettings.from(config);
    // Every route's pods are relais-dispatch: the route tells them apart in traces and metrics.
    return start(
        config,
        Telemetry.builder(config.service())
            .resourceAttribute(Telemetry.ROUTE, settings.route())
            .build());
  }

  /**
   * {@link #start(ServiceConfig)} with a telemetry SDK built by the caller (e.g. with an in-memory
   * exporter); the server closes it when it closes.
   */
  public static DispatchServer start(ServiceConfig config, Telemetry telemetry) {
    DispatchSettings settings = DispatchSettings.from(config);
    Clock clock = PlatformClock.from(config);
    CqlSession session = null;
    try {
      QueueSettings queueSettings = QueueSettings.from(config);
      session =
          CassandraConnector.connectAndMigrate(
              CassandraConnector.Settings.from(config, "dispatch"),
              "dispatch",
              bootstrap -> DispatchQueue.migrate(bootstrap, queueSettings));
      DispatchQueue queue = DispatchQueue.open(session, queueSettings, clock);
      String route = settings.route();
      DispatchMetrics metrics = new DispatchMetrics(telemetry.meter(), route);
      DispatchStats stats = new DispatchStats(clock, metrics);

      EventPublisher publisher =
          EventPublisher.standard(
              new AnalyticsEventSink(
                  GrpcChannels.connect(settings.analytics(), telemetry, config),
                  settings.callTimeout()),
              stats::error);
      MessageEvents events = new MessageEvents(route, clock);
      CorrelationStore correlations =
          new CorrelationStore(session, route, CorrelationStore.Settings.defaults(), clock);
      RecentRecipients recipients = new RecentRecipients(100_000);
      MessageTracing tracing =
          new MessageTracing(telemetry.tracer(), route, MessageSampling.from(config));
      ScheduledExecutorService scheduler =
          Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().daemon().name("receipts-park").unstarted(r));
      ReceiptCorrelator receipts =
          new ReceiptCorrelator(
              correlations,
              publisher,
              events,
              scheduler,
              List.of(Duration.ofMillis(500), Duration.ofSeconds(2), Duration.ofSeconds(5)),
              50_000,
              stats,
              tracing);
      OptOutRegistry optOutRegistry = new OptOutRegistry(settings.optOuts().capacity());
      OptOutRefresher optOuts =
          new OptOutRefresher(
              new ContactsOptOutFeed(
                  GrpcChannels.connect(settings.contacts(), telemetry, config),
                  settings.callTimeout()),
              optOutRegistry,
              settings.optOuts(),
              clock,
              stats::error,
              tracing);
      InboundMessages inbound =
          new InboundMessages(
              new ContactsInboundGateway(
                  GrpcChannels.connect(settings.contacts(), telemetry, config),
                  settings.callTimeout()),
              recipients,
              publisher,
              events,
              route,
              clock,
              stats,
              optOutRegistry);
      DeliverSmListener deliverSm = new DeliverSmListener(receipts, inbound, stats, tracing);
      SmppSessions sessions =
          new SmppSessions(
              settings.smpp(),
              deliverSm::forSession,
              stats::error,
              stats::malformedPdu,
              stats::errorResolved,
              new ReceiptRefusals(stats, settings.smpp().receiveQueue(), System::nanoTime));
      MessageSubmitter submitter =
          new MessageSubmitter(
              sessions,
              TpsLimiter.perSecond(settings.tps()),
              new OutcomeRecorder(
                  publisher, events, correlations, recipients, stats, queue.outcomes()),
              stats,
              clock,
              optOutRegistry::contains,
              settings.smpp().systemType(),
              settings.smpp().sessions() * settings.smpp().window(),
              settings.maxInDoubtRetries(),
              tracing);
      RouteFailover failover =
          settings.failover().isEmpty()
              ? RouteFailover.none(route, () -> sessions.bindsUp() > 0, stats)
              : new RouteFailover(
                  route,
                  settings.failover(),
                  settings.failoverAfter(),
                  () -> sessions.bindsUp() > 0,
                  r -> declared(queue, r),
                  queue.writer()::move,
                  stats,
                  clock,
                  optOutRegistry::contains,
                  System::nanoTime);
      RouteDispatcher dispatcher =
          new RouteDispatcher(
              queue,
              route,
              settings.owner(),
              submitter,
              publisher,
              telemetry.tracer(),
              stats,
              settings.pump(),
              queueSettings.leaseTtl(),
              () -> sessions.bindsUp() > 0,
              failover);
      // Loaded before the first send when contacts answers; otherwise dispatch starts anyway and
      // the refresher keeps trying in the background (see OptOutRefresher).
      metrics.observe(
          telemetry.meter(),
          stats,
          () -> queue.depth(route),
          () -> dispatcher.oldestDueAgeMillis(clock.millis()) / 1000.0,
          sessions::bindsUp,
          sessions::windowInUse,
          settings.tps());
      metrics.observeOptOuts(telemetry.meter(), optOuts::secondsSinceRead);
      optOuts.start();
      sessions.start();
      dispatcher.start();
      CqlSession cassandra = session;
      ServiceServer server =
          ServiceServer.builder(config, telemetry)
              .grpc(
                  new DispatchGrpcService(
                      route,
                      () -> queue.depth(route),
                      sessions::bindsUp,
                      dispatcher::shardsLeased,
                      stats))
              .readiness("cassandra", () -> CassandraConnector.isUp(cassandra))
              .readiness("smpp", () -> sessions.bindsUp() > 0)
              .start();
      LOG.info(() ->
          "dispatching route "
              + route
              + " as "
              + settings.owner()
              + " to "
              + settings.smpp()
              + (settings.failover().isEmpty()
                  ? ""
                  : ", failover to route "
                      + settings.failover()
                      + " after "
                      + settings.failoverAfter()
                      + " unbound"));
      return new DispatchServer(
          settings,
          telemetry,
          session,
          sessions,
          publisher,
          dispatcher,
          optOuts,
          queue,
          scheduler,
          stats,
          server,
          correlations);
    } catch (RuntimeException e) {
      if (session != null) {
        session.close();
      }
      telemetry.close();
      throw e;
    }
  }

  /** Whether a route is declared in the queue (has a shard count). */
  private static boolean declared(DispatchQueue queue, String route) {
    try {
      queue.shards(route);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The port serving gRPC and health. */
  public int port() {
    return server.port();
  }

  /** SMPP sessions bound now. */
  public int bindsUp() {
    return sessions.bindsUp();
  }

  /** Shards this process dispatches now. */
  public int shardsLeased() {
    return dispatcher.shardsLeased();
  }

  /** The dispatcher's counters. */
  public DispatchStats.Snapshot stats() {
    return stats.snapshot();
  }

  /** Waits until at least one SMPP session is bound; false on timeout. */
  public boolean awaitBound(Duration timeout) throws InterruptedException {
    return sessions.awaitBound(timeout);
  }

  /**
   * Stops gracefully: drain in-flight submits, flush events, commit cursors, release leases, then
   * unbind and close.
   */
  @Override
  public void close() {
    dispatcher.close(settings.drainTimeout());
    optOuts.close();
    publisher.close();
    queue.outcomes().close();
    correlations.close();
    sessions.close();
    scheduler.shutdownNow();
    server.close();
    session.close();
    telemetry.close();
  }
}
