package dev.relais.scheduler;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.relais.queue.DispatchQueue;
import dev.relais.queue.QueueSettings;
import dev.relais.queue.QueuedMessage;
import dev.relais.queue.ShardReader;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A scheduler on the shared Cassandra (own scheduler and queue keyspaces) with fake contacts and
 * analytics services, all over real gRPC on loopback.
 */
final class SchedulerHarness implements AutoCloseable {

  final FakeContacts contacts = new FakeContacts();
  final FakeAnalytics analytics = new FakeAnalytics();
  SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler;
  private final Telemetry telemetry = Telemetry.create("scheduler-it", null, 1.0);
  private final ServiceConfig config;
  private ManagedChannel channel;
  private final ServiceServer contactsServer;
  private final ServiceServer analyticsServer;
  private SchedulerServer schedulerServer;
  private final CqlSession readerSession;
  private final DispatchQueue futureQueue;
  private final List<String> keyspaces;
  private final SpanExporter spans;
  private Telemetry schedulerTelemetry;

  SchedulerHarness() {
    this(Map.of(), null);
  }

  /** A harness whose scheduler also has {@code extra} configuration (e.g. links.address). */
  SchedulerHarness(Map<String, String> extra) {
    this(extra, null);
  }

  /**
   * A scheduler with extra settings, whose spans (all sampled) go to {@code spans} when it is not
   * null.
   */
  SchedulerHarness(Map<String, String> settings, SpanExporter spans) {
    this.spans = spans;
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    contactsServer =
        ServiceServer.builder(ServiceConfig.of("fake-contacts", Map.of()), telemetry)
            .grpc(contacts)
            .start();
    analyticsServer =
        ServiceServer.builder(ServiceConfig.of("fake-analytics", Map.of()), telemetry)
            .grpc(analytics)
            .start();
    Map<String, String> values = new HashMap<>();
    values.put("cassandra.hosts", SharedCassandra.contactPoint());
    values.put("cassandra.datacenter", SharedCassandra.localDatacenter());
    values.put("cassandra.keyspace", "it_scheduler_" + suffix);
    values.put("queue.keyspace", "it_schedq_" + suffix);
    values.put("contacts.address", "127.0.0.1:" + contactsServer.port());
    values.put("analytics.address", "127.0.0.1:" + analyticsServer.port());
    values.put("scheduler.poll", "100");
    values.put("server.port", "0");
    // The synthetic audiences are runs of consecutive numbers, exactly what the velocity limit
    // against SMS pumping stops; the limit has its own tests (VelocityLimiterTest,
    // MessageComposerTest).
    values.put("velocity.limit", "0");
    values.putAll(settings);
    keyspaces = List.of(values.get("cassandra.keyspace"), values.get("queue.keyspace"));
    config = ServiceConfig.of("scheduler", values);
    startScheduler();
    readerSession =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "scheduler"), null);
    // Reads the queue as a dispatcher would 60 days from now: every message is due by then.
    futureQueue =
        DispatchQueue.open(
            readerSession,
            QueueSettings.from(config),
            Clock.offset(Clock.systemUTC(), Duration.ofDays(60)));
  }

  private void startScheduler() {
    if (spans == null) {
      schedulerServer = SchedulerServer.start(config);
    } else {
      schedulerTelemetry = Telemetry.create("scheduler", outliving(spans), 1.0);
      schedulerServer = SchedulerServer.start(config, schedulerTelemetry);
    }
    // A plain grpc-java channel: unlike the Helidon client it keeps the status description, and
    // readable errors are part of what is tested.
    channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", schedulerServer.port())
            .usePlaintext()
            .build();
    scheduler = SchedulerServiceGrpc.newBlockingStub(channel);
  }

  /** Stops the scheduler the way Kubernetes does (graceful close) and starts a new one. */
  void restartScheduler() {
    channel.shutdownNow();
    schedulerServer.close();
    startScheduler();
  }

  /**
   * Stops the scheduler (graceful close), leaves it down for {@code down}, and starts a new one.
   */
  void restartSchedulerAfter(Duration down) throws InterruptedException {
    channel.shutdownNow();
    schedulerServer.close();
    Thread.sleep(down.toMillis());
    startScheduler();
  }

  /** Every queued message of a campaign on a route, read over all shards from the start. */
  List<QueuedMessage> queued(String route, String campaignId) {
    return read(route, m -> m.campaignId().equals(campaignId));
  }

  List<QueuedMessage> read(String route, Predicate<QueuedMessage> filter) {
    List<QueuedMessage> messages = new ArrayList<>();
    for (int shard = 0; shard < futureQueue.shards(route); shard++) {
      ShardReader reader = futureQueue.reader(route, shard);
      for (List<QueuedMessage> batch = reader.poll(1000);
          !batch.isEmpty();
          batch = reader.poll(1000)) {
        batch.stream().filter(filter).forEach(messages::add);
      }
    }
    return messages;
  }

  /**
   * {@code spans} kept open when a scheduler's SDK shuts down (a restart): an in-memory exporter
   * would drop what it holds.
   */
  private static SpanExporter outliving(SpanExporter spans) {
    return new SpanExporter() {
      @Override
      public CompletableResultCode export(Collection<SpanData> batch) {
        return spans.export(batch);
      }

      @Override
      public CompletableResultCode flush() {
        return spans.flush();
      }

      @Override
      public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
      }
    };
  }

  /** Exports the spans the running scheduler ended so far. */
  void flushSpans() {
    if (schedulerTelemetry != null) {
      ((OpenTelemetrySdk) schedulerTelemetry.openTelemetry())
          .getSdkTracerProvider()
          .forceFlush()
          .join(10, TimeUnit.SECONDS);
    }
  }

  /** The scheduler's port (gRPC, health and metrics). */
  int port() {
    return schedulerServer.port();
  }

  CampaignStatus status(String id) {
    return scheduler.getCampaign(GetCampaignRequest.newBuilder().setId(id).build());
  }

  /** Waits until the campaign's whole audience is queued. */
  CampaignStatus awaitExpanded(String id, Duration timeout) throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    CampaignStatus status = status(id);
    while (!status.getExpansionComplete()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("campaign " + id + " not expanded in " + timeout + ": " + status);
      }
      Thread.sleep(50);
      status = status(id);
    }
    return status;
  }

  @Override
  public void close() {
    channel.shutdownNow();
    schedulerServer.close();
    // The node is shared with other suites: leave it as found.
    keyspaces.forEach(ks -> SharedCassandra.dropQuietly(readerSession, ks));
    readerSession.close();
    contactsServer.close();
    analyticsServer.close();
    telemetry.close();
  }
}
