package dev.relais.analytics;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.analytics.store.CampaignCounterDao;
import dev.relais.analytics.store.CampaignTimelineDao;
import dev.relais.analytics.store.EventBatchClaimDao;
import dev.relais.analytics.store.EventSlotDao;
import dev.relais.analytics.store.MessageEventDao;
import dev.relais.analytics.store.MessageHistoryDao;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
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
    Telemetry telemetry = Telemetry.create(config);
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
      ServiceServer server =
          ServiceServer.builder(config, telemetry)
              .grpc(new AnalyticsGrpcService(recorder, counters, new CampaignTimelineDao(session)))
              .grpc(new MessageHistoryGrpcService(new MessageHistoryDao(session)))
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
