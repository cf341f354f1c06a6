package dev.relais.analytics;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.analytics.conversion.AttributionWindows;
import dev.relais.analytics.conversion.CampaignWindows;
import dev.relais.analytics.conversion.ConversionIngest;
import dev.relais.analytics.conversion.ConversionRecorder;
import dev.relais.analytics.conversion.LinkedMessageTouches;
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
   * The conversion ingest: on with {@code links.address} (where the contacts' messages and clicks
   * are found) and {@code privacy.key} (the key of the contact pseudonym they are filed under), off
   * without either; a half-configured service refuses to start.
   */
  private static ConversionIngest conversionIngest(
      ServiceConfig config,
      Telemetry telemetry,
      ConversionDao conversions,
      MessageHistoryDao history,
      CampaignWindows windows,
      AnalyticsMetrics metrics) {
    String linksAddress = config.string("links.address", "").strip();
    String privacyKey = config.string("privacy.key", "");
    if (linksAddress.isEmpty() && privacyKey.isEmpty()) {
      return ConversionIngest.off();
    }
    if (linksAddress.isEmpty() || privacyKey.isEmpty()) {
      throw new IllegalStateException(
          "conversions need both links.address (LINKS_ADDRESS) and privacy.key (PRIVACY_KEY):"
              + " orders are matched with the links the scheduler filed under the contact's keyed"
              + " pseudonym");
    }
    LinkedMessageTouches touches =
        new LinkedMessageTouches(
            GrpcChannels.connect(HostPort.parse(linksAddress, 9095), telemetry, config),
            config.duration("links.timeout", Duration.ofSeconds(10)),
            history);
    return ConversionIngest.of(
        new ConversionRecorder(conversions, touches, PrivacyKey.of(privacyKey), windows),
        config.string("conversions.region", "FR"),
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
