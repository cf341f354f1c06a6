package dev.relais.contacts;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.metadata.NodeState;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.time.PlatformClock;
import dev.relais.contacts.api.ContactsGrpcService;
import dev.relais.contacts.consent.DoubleOptIn;
import dev.relais.contacts.consent.Resubscription;
import dev.relais.contacts.gdpr.ContactErasure;
import dev.relais.contacts.gdpr.ContactExporter;
import dev.relais.contacts.gdpr.ContactLinks;
import dev.relais.contacts.gdpr.InactiveContactSweeper;
import dev.relais.contacts.gdpr.LinksServiceContactLinks;
import dev.relais.contacts.gdpr.NumberErasure;
import dev.relais.contacts.gdpr.QueueErasure;
import dev.relais.contacts.gdpr.RetentionPolicy;
import dev.relais.contacts.gdpr.SchedulerQueueErasure;
import dev.relais.contacts.importing.ContactImport;
import dev.relais.contacts.optout.OptOutRecorder;
import dev.relais.contacts.store.AudienceReader;
import dev.relais.contacts.store.ComplianceLog;
import dev.relais.contacts.store.ContactsTable;
import dev.relais.contacts.store.ErasedSuppressions;
import dev.relais.contacts.store.InboundTexts;
import dev.relais.contacts.store.MarketingSends;
import dev.relais.contacts.store.OptOutFeed;
import dev.relais.contacts.store.OptOutLog;
import dev.relais.contacts.store.SegmentEstimator;
import dev.relais.sms.phone.Regions;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * A running contacts service: Cassandra session (keyspace migrated), gRPC API and health on one
 * port. Started by {@link ContactsMain} or in-process by tests and the local launcher.
 */
public final class ContactsServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ContactsServer.class.getName());

  /** How long one call to the links service may take during an erasure or an export. */
  private static final Duration LINKS_DEADLINE = Duration.ofSeconds(60);

  private final ServiceServer server;
  private final CqlSession session;
  private final Telemetry telemetry;
  private final InactiveContactSweeper sweeper;

  private ContactsServer(
      ServiceServer server,
      CqlSession session,
      Telemetry telemetry,
      InactiveContactSweeper sweeper) {
    this.server = server;
    this.session = session;
    this.telemetry = telemetry;
    this.sweeper = sweeper;
  }

  /** Connects to Cassandra, migrates the keyspace and starts serving. */
  public static ContactsServer start(ServiceConfig config) {
    return start(config, Telemetry.create(config));
  }

  /**
   * {@link #start(ServiceConfig)} with a telemetry SDK built by the caller (e.g. with an in-memory
   * exporter); the server closes it when it closes.
   */
  public static ContactsServer start(ServiceConfig config, Telemetry telemetry) {
    CqlSession session = null;
    try {
      PrivacyKey privacyKey = PrivacyKey.of(privacyKey(config));
      String region =
          Regions.resolve(config.string("phone.region", "FR"))
              .orElseThrow(
                  () -> new IllegalStateException("phone.region must be an ISO 3166 region code"));
      session =
          CassandraConnector.connectAndMigrate(
              CassandraConnector.Settings.from(config, "contacts"), "contacts");
      ContactsTable contacts = new ContactsTable(session);
      Clock clock = PlatformClock.from(config);
      // One log for the three that use it: the writer's knowledge of its head is shared.
      OptOutLog optOutLog = new OptOutLog(session);
      ComplianceLog log = new ComplianceLog(session, clock, optOutLog);
      ErasedSuppressions suppressions = new ErasedSuppressions(session, privacyKey);
      ContactsMetrics metrics = new ContactsMetrics(telemetry.meter());
      ContactImport.Resources imports =
          new ContactImport.Resources(
              session,
              contacts,
              log,
              suppressions,
              region,
              config.integer("import.group", ContactImport.DEFAULT_GROUP_SIZE),
              config.integer("import.inflight", ContactImport.DEFAULT_IN_FLIGHT),
              metrics);
      AudienceReader audience =
          new AudienceReader(
              session,
              clock,
              config.integer("audience.rows", AudienceReader.DEFAULT_ROW_BUDGET),
              config.duration("audience.time", AudienceReader.DEFAULT_TIME_BUDGET));
      SegmentEstimator estimator =
          new SegmentEstimator(
              audience,
              clock,
              config.longValue("estimate.sample", SegmentEstimator.DEFAULT_SAMPLE),
              config.duration("estimate.time", SegmentEstimator.DEFAULT_TIME_BUDGET));
      InboundTexts inboundTexts = new InboundTexts(session, clock);
      MarketingSends marketingSends = new MarketingSends(session);
      NumberErasure erasure =
          new NumberErasure(
              new ContactErasure(session, suppressions, clock, optOutLog, inboundTexts),
              queueErasure(config, telemetry),
              contactLinks(config, telemetry, privacyKey, marketingSends));
      ContactsGrpcService api =
          new ContactsGrpcService(
              imports,
              contacts,
              new OptOutRecorder(session, contacts, log, metrics, telemetry.tracer()),
              audience,
              new OptOutFeed(session, clock, optOutLog),
              estimator,
              marketingSends,
              new DoubleOptIn(session, contacts, log),
              new Resubscription(session, contacts, log, suppressions),
              erasure,
              new ContactExporter(
                  session, contacts, log, suppressions, inboundTexts, marketingSends, clock),
              inboundTexts,
              clock,
              privacyKey);
      CqlSession cassandra = session;
      ServiceServer server =
          ServiceServer.builder(config, telemetry)
              .grpc(api)
              .readiness(
                  "cassandra",
                  () ->
                      cassandra.getMetadata().getNodes().values().stream()
                          .anyMatch(node -> node.getState() == NodeState.UP))
              .start();
      InactiveContactSweeper sweeper =
          new InactiveContactSweeper(
                  session,
                  erasure,
                  new InactiveContactSweeper.Settings(
                      new RetentionPolicy(
                          config.duration("retention.inactive", RetentionPolicy.DEFAULT_INACTIVE)),
                      config.duration("retention.delay", Duration.ofMinutes(10)),
                      config.duration("retention.period", Duration.ofHours(24)),
                      config.integer("retention.batch", 500)),
                  clock)
              .start();
      return new ContactsServer(server, session, telemetry, sweeper);
    } catch (RuntimeException e) {
      if (session != null) {
        session.close();
      }
      telemetry.close();
      throw e;
    }
  }

  /**
   * The key of the suppression hashes of erased numbers, from a Secret. There is no fallback: a key
   * written in the code would let anyone holding the hashes test numbers against them.
   */
  private static String privacyKey(ServiceConfig config) {
    String key = config.string("privacy.key", "");
    if (key.isBlank()) {
      throw new IllegalStateException(
          "contacts will not start without privacy.key (environment variable PRIVACY_KEY), the"
              + " secret key of the hashes that keep erased, opted-out numbers suppressed: set it"
              + " from a Secret (SmsPlatform spec.privacyKeySecretRef) and never change it");
    }
    return key;
  }

  /**
   * Where erasure reaches the dispatch queue: the scheduler at {@code scheduler.address}. Without
   * one (contacts alone, in tests or tools) erasures answer queue_searched=false, and say so here.
   */
  private static QueueErasure queueErasure(ServiceConfig config, Telemetry telemetry) {
    String address = config.string("scheduler.address", "");
    if (address.isBlank()) {
      LOG.warning(
          "scheduler.address is not set: erasures do not reach the dispatch queue"
              + " (EraseContact answers queue_searched=false)");
      return QueueErasure.NONE;
    }
    return new SchedulerQueueErasure(
        GrpcChannels.connect(HostPort.parse(address, 9092), telemetry, config),
        config.duration("scheduler.timeout", Duration.ofSeconds(60)));
  }

  /**
   * Where erasure and export reach the tracked links: the links service at {@code links.address}.
   * Without one (no links service runs on the platform) they answer links_searched=false.
   */
  private static ContactLinks contactLinks(
      ServiceConfig config,
      Telemetry telemetry,
      PrivacyKey privacyKey,
      MarketingSends marketingSends) {
    String address = config.string("links.address", "").strip();
    if (address.isEmpty()) {
      LOG.info(
          "links.address is not set: erasures and exports do not search tracked links"
              + " (they answer links_searched=false)");
      return ContactLinks.NONE;
    }
    return new LinksServiceContactLinks(
        GrpcChannels.connect(HostPort.parse(address, 9095), telemetry, config),
        privacyKey,
        marketingSends,
        LINKS_DEADLINE);
  }

  /** Runs one retention sweep now (the timer runs them every retention.period). */
  public InactiveContactSweeper.Sweep sweepInactiveContacts() {
    return sweeper.sweep();
  }

  /** The port serving gRPC and health. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    sweeper.close();
    server.close();
    session.close();
    telemetry.close();
  }
}
