package dev.relais.scheduler;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.time.PlatformClock;
import dev.relais.queue.DispatchQueue;
import dev.relais.queue.MessageSampling;
import dev.relais.queue.QueueEraser;
import dev.relais.queue.QueueExporter;
import dev.relais.queue.QueueSettings;
import dev.relais.scheduler.audience.VelocityLimiter;
import dev.relais.scheduler.campaign.AnalyticsDeliveryProgress;
import dev.relais.scheduler.campaign.CampaignAdmission;
import dev.relais.scheduler.campaign.CampaignClicks;
import dev.relais.scheduler.campaign.CampaignRunner;
import dev.relais.scheduler.campaign.CampaignValidator;
import dev.relais.scheduler.campaign.ContactsAudienceSource;
import dev.relais.scheduler.campaign.ContactsMarketingSendLog;
import dev.relais.scheduler.campaign.DeliveryProgress;
import dev.relais.scheduler.campaign.RecentClicks;
import dev.relais.scheduler.campaign.SchedulerMetrics;
import dev.relais.scheduler.compliance.PolicyRegistry;
import dev.relais.scheduler.erasure.QueueErasureGrpcService;
import dev.relais.scheduler.links.LinksClient;
import dev.relais.scheduler.links.MessageLinks;
import dev.relais.scheduler.routing.RouteRegistry;
import dev.relais.scheduler.store.CampaignStore;
import dev.relais.scheduler.store.RouteStore;
import dev.relais.scheduler.template.LinkShape;
import io.grpc.Channel;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A running scheduler (Cassandra session, dispatch queue, campaign runner, gRPC server, telemetry),
 * startable in-process from tests and from {@link SchedulerMain}.
 */
public final class SchedulerServer implements AutoCloseable {

  /** Contacts returns audience pages of this many contacts. */
  static final int PAGE_SIZE = 1000;

  /** How old the clicks a campaign's status shows may be: its readers share one read a second. */
  static final Duration STATUS_CLICKS_MAX_AGE = Duration.ofSeconds(1);

  private final Telemetry telemetry;
  private final CqlSession session;
  private final ExecutorService executor;
  private final CampaignRunner runner;
  private final ServiceServer server;

  private SchedulerServer(
      Telemetry telemetry,
      CqlSession session,
      ExecutorService executor,
      CampaignRunner runner,
      ServiceServer server) {
    this.telemetry = telemetry;
    this.session = session;
    this.executor = executor;
    this.runner = runner;
    this.server = server;
  }

  /**
   * Connects to Cassandra, migrates the scheduler and queue keyspaces, starts the campaign runner
   * and serves gRPC.
   */
  public static SchedulerServer start(ServiceConfig config) {
    return start(config, Telemetry.create(config));
  }

  /**
   * {@link #start(ServiceConfig)} with a telemetry SDK built by the caller (e.g. with an in-memory
   * exporter); the server closes it when it closes.
   */
  public static SchedulerServer start(ServiceConfig config, Telemetry telemetry) {
    CqlSession session = null;
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    CampaignRunner runner = null;
    try {
      QueueSettings queueSettings = QueueSettings.from(config);
      session =
          CassandraConnector.connectAndMigrate(
              CassandraConnector.Settings.from(config, "scheduler"),
              "scheduler",
              bootstrap -> DispatchQueue.migrate(bootstrap, queueSettings));
      Clock clock = PlatformClock.from(config);
      DispatchQueue queue = DispatchQueue.open(session, queueSettings, clock);
      CampaignStore campaigns = new CampaignStore(session);
      RouteStore routes = new RouteStore(session);
      // Tracked links: with links.address the scheduler creates each recipient's short links
      // before queuing; without it a template with a link placeholder is refused.
      Optional<LinksClient> linksClient = Optional.empty();
      Optional<MessageLinks> messageLinks = Optional.empty();
      String linksAddress = config.string("links.address", "").strip();
      if (!linksAddress.isEmpty()) {
        String privacyKey = config.string("privacy.key", "");
        if (privacyKey.isEmpty()) {
          throw new IllegalStateException(
              "links.address is set but privacy.key (PRIVACY_KEY) is not: the links of a message"
                  + " are kept under the contact's keyed hash, never its number");
        }
        LinksClient client =
            new LinksClient(
                GrpcChannels.connect(HostPort.parse(linksAddress, 9095), telemetry, config),
                config.duration("links.timeout", Duration.ofSeconds(10)));
        linksClient = Optional.of(client);
        messageLinks = Optional.of(new MessageLinks(client, PrivacyKey.of(privacyKey)));
      }
      CampaignValidator validator =
          new CampaignValidator(
              PolicyRegistry.withDeclared(config.string("compliance.policies", "")),
              linksClient.<Supplier<Optional<LinkShape>>>map(c -> c).orElse(LinkShape.NONE));
      HostPort contacts = HostPort.parse(config.requiredString("contacts.address"), 9091);
      HostPort analytics = HostPort.parse(config.requiredString("analytics.address"), 9094);
      Channel contactsChannel = GrpcChannels.connect(contacts, telemetry, config);
      Duration contactsTimeout = config.duration("contacts.timeout", Duration.ofSeconds(30));
      // Against SMS pumping: at most velocity.limit messages per window to one block of numbers.
      VelocityLimiter velocity =
          new VelocityLimiter(
              config.integer("velocity.digits", 4),
              config.integer("velocity.limit", 1000),
              config.duration("velocity.window", Duration.ofHours(1)));
      DeliveryProgress delivery =
          new AnalyticsDeliveryProgress(
              GrpcChannels.connect(analytics, telemetry, config),
              config.duration("analytics.timeout", Duration.ofSeconds(2)));
      CampaignClicks clicks = linksClient.<CampaignClicks>map(c -> c).orElse(CampaignClicks.NONE);
      runner =
          new CampaignRunner(
                  campaigns,
                  routes,
                  validator,
                  new ContactsAudienceSource(contactsChannel, executor, contactsTimeout),
                  new ContactsMarketingSendLog(contactsChannel, executor, contactsTimeout),
                  velocity,
                  queue.writer(),
                  telemetry.tracer(),
                  MessageSampling.from(config),
                  new SchedulerMetrics(telemetry.meter()),
                  clock,
                  new CampaignRunner.Settings(
                      config.duration("scheduler.poll", Duration.ofMillis(500)),
                      config.duration("scheduler.lease", Duration.ofSeconds(30)),
                      config.integer("scheduler.parallel", 4),
                      config.integer("scheduler.page", PAGE_SIZE)),
                  executor,
                  messageLinks,
                  delivery,
                  clicks)
              .start();
      CqlSession cassandra = session;
      ServiceServer server =
          ServiceServer.builder(config, telemetry)
              .grpc(
                  new SchedulerGrpcService(
                      new RouteRegistry(routes, queue),
                      new CampaignAdmission(campaigns, validator, clock),
                      campaigns,
                      delivery,
                      new RecentClicks(clicks, STATUS_CLICKS_MAX_AGE, clock),
                      validator,
                      clock))
              .grpc(new QueueErasureGrpcService(new QueueEraser(queue), new QueueExporter(queue)))
              .readiness("cassandra", () -> CassandraConnector.isUp(cassandra))
              .start();
      return new SchedulerServer(telemetry, session, executor, runner, server);
    } catch (RuntimeException e) {
      if (runner != null) {
        runner.close();
      }
      executor.shutdownNow();
      if (session != null) {
        session.close();
      }
      telemetry.close();
      throw e;
    }
  }

  /** The port serving gRPC and health. */
  public int port() {
    return server.port();
  }

  /** Stops serving, lets pages in flight save their progress, then disconnects. */
  @Override
  public void close() {
    server.close();
    runner.close();
    executor.shutdownNow();
    session.close();
    telemetry.close();
  }
}
