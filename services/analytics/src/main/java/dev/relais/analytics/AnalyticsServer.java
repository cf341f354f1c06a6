package dev.relais.analytics;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.analytics.conversion.AttributionWindows;
import dev.relais.analytics.conversion.CampaignWindows;
import dev.relais.analytics.conversion.ContactMessages;
import dev.relais.analytics.conversion.ContactTouches;
import dev.relais.analytics.conversion.ConversionIngest;
import dev.relais.analytics.conversion.ConversionRecorder;
import dev.relais.analytics.conversion.LinkedMessages;
import dev.relais.analytics.conversion.MarketingMessages;
import dev.relais.analytics.store.CampaignAttributionDao;
import dev.relais.analytics.store.CampaignCounterDao;
import dev.relais.analytics.store.CampaignTimelineDao;
import dev.relais.analytics.store.ConversionDao;
import dev.relais.analytics.store.EventBatchClaimDao;
import dev.relais.analytics.store.EventSlotDao;
import dev.relais.analytics.store.MessageEventDao;
import dev.relais.analytics.store.MessageHistoryDao;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.time.PlatformClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A running analytics service (Cassandra session, gRPC server, telemetry), startable in-process.
 */
public final class AnalyticsServer implements AutoCloseable {

  private final Telemetry telemetry;
  private final CqlSession session;
  private final ServiceServer server;

  private AnalyticsServer(Telemetry telemetry, CqlSession session, ServiceServer server) {
    this.telemetry = telemetry;
    this.session = session;
    this.server = server;
  }

  /** Connects to Cassandra, migrates the analytics keyspace and starts serving. */
  public static AnalyticsServer start(ServiceConfig config) {
    return start(config, Telemetry.create(config));
  }

  /**
   * {@link #start(ServiceConfig)} with a telemetry SDK built by the caller (e.g. with an in-memory
   * exporter); the server closes it when it closes.
   */
  public static AnalyticsServer start(ServiceConfig config, Telemetry telemetry) {
    CqlSession session = null;
    try {
      session =
          CassandraConnector.connectAndMigrate(
              CassandraConnector.Settings.from(config, "analytics"), "analytics");
      CampaignCounterDao counters = new CampaignCounterDao(session);
      EventRecorder recorder =
          new EventRecorder(
              new EventBatchClaimDao(session),
              new MessageEventDao(session),
              new EventSlotDao(session),
              counters,
              config.duration("analytics.lease", Duration.ofSeconds(60)),
              PlatformClock.from(config));
      CqlSession cassandra = session;
      ConversionDao conversions = new ConversionDao(session);
      MessageHistoryDao history = new MessageHistoryDao(session);
      AnalyticsMetrics metrics = new AnalyticsMetrics(telemetry.meter());
      CampaignWindows windows =
          new CampaignWindows(new CampaignAttributionDao(session), AttributionWindows.from(config));
      ConversionIngest ingest =
          conversionIngest(config, telemetry, conversions, history, windows, metrics);
      ServiceServer server =
          ServiceServer.builder(config, telemetry)
              .grpc(
                  new AnalyticsGrpcService(
                      recorder,
                      counters,
                      new CampaignTimelineDao(session),
                      metrics,
                      telemetry.tracer(),
                      conversions::campaign))
              .grpc(new MessageHistoryGrpcService(history))
              .grpc(new ConversionsGrpcService(ingest, windows))
              .http(new ConversionsHttp(ingest))
              .readiness("cassandra", () -> CassandraConnector.isUp(cassandra))
              .start();
      return new AnalyticsServer(telemetry, session, server);
    } catch (RuntimeException e) {
      if (session != null) {
        session.close();
      }
      telemetry.close();
      throw e;
    }
  }

  /**
   * The conversion ingest, on with at least one place that knows a contact's messages: {@code
   * contacts.address} (every marketing message sent to the number, attributed by delivery) and
   * {@code links.address} (the messages with a tracked link and their clicks, filed under the
   * contact's keyed pseudonym: it needs {@code privacy.key} too, or the service refuses to start).
   * Off with neither.
   */
  private static ConversionIngest conversionIngest(
      ServiceConfig config,
      Telemetry telemetry,
      ConversionDao conversions,
      MessageHistoryDao history,
      CampaignWindows windows,
      AnalyticsMetrics metrics) {
    String linksAddress = config.string("links.address", "").strip();
    String contactsAddress = config.string("contacts.address", "").strip();
    String privacyKey = config.string("privacy.key", "");
    String region = config.string("conversions.region", "FR");
    List<ContactMessages> sources = new ArrayList<>();
    // Contacts first: the links service finds the links of the marketing messages it records.
    if (!contactsAddress.isEmpty()) {
      sources.add(
          new MarketingMessages(
              GrpcChannels.connect(HostPort.parse(contactsAddress, 9091), telemetry, config),
              config.duration("contacts.timeout", Duration.ofSeconds(10)),
              region));
    }
    if (!linksAddress.isEmpty()) {
      if (privacyKey.isEmpty()) {
        throw new IllegalStateException(
            "links.address (LINKS_ADDRESS) is set but privacy.key (PRIVACY_KEY) is not: the links"
                + " service files a contact's messages under the keyed pseudonym of the number,"
                + " which analytics computes with the platform's privacy key");
      }
      sources.add(
          new LinkedMessages(
              GrpcChannels.connect(HostPort.parse(linksAddress, 9095), telemetry, config),
              config.duration("links.timeout", Duration.ofSeconds(10)),
              PrivacyKey.of(privacyKey)));
    }
    if (sources.isEmpty()) {
      return ConversionIngest.off();
    }
    return ConversionIngest.of(
        new ConversionRecorder(conversions, new ContactTouches(sources, history::events), windows),
        region,
        PlatformClock.from(config),
        metrics);
  }

  /** The port serving gRPC and health. */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.close();
    session.close();
    telemetry.close();
  }
}
