package dev.relais.dispatch;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.queue.DispatchQueue;
import dev.relais.queue.OutgoingMessage;
import dev.relais.queue.QueueSettings;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SmscSimulatorConfig;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A dispatcher's surroundings on loopback: the shared Cassandra (the JVM's {@link TestKeyspaces},
 * on a route of this harness's own, so its tables start empty), the SMSC simulator, and fake
 * contacts and analytics over real gRPC.
 */
final class DispatchHarness implements AutoCloseable {

  static final String SYSTEM_ID = "relais-it";
  static final String PASSWORD = "s3cret";

  /**
   * {@code count} single-part transactional messages of {@code campaign} on {@link #route}, due two
   * seconds ago and valid for an hour, to {@code numberPrefix} followed by 8 digits counting from
   * {@code first} (e.g. "+336" gives +33600000000, +33600000001...).
   */
  List<OutgoingMessage> messagesDueNow(String campaign, String numberPrefix, int first, int count) {
    Instant now = Instant.now();
    List<OutgoingMessage> messages = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      messages.add(
          new OutgoingMessage(
              UUID.randomUUID(),
              campaign,
              route,
              numberPrefix + String.format("%08d", first + i),
              "RELAIS",
              "Message " + i,
              now.minusSeconds(2),
              now.plus(Duration.ofHours(1)),
              "",
              false,
              1));
    }
    return messages;
  }

  /** The route the harness's dispatchers serve, unique to this harness. */
  final String route = "it-route-" + UUID.randomUUID().toString().substring(0, 8);

  final FakeAnalytics analytics = new FakeAnalytics();
  final FakeContacts contacts = new FakeContacts();
  final SmscSimulator smsc;
  final DispatchQueue queue;

  /** The spans of the fake services (a traced call's server span, say). */
  private final InMemorySpanExporter fakeSpans = InMemorySpanExporter.create();

  private final Telemetry telemetry = Telemetry.create("dispatch-it", fakeSpans, 1.0);
  private final ServiceServer analyticsServer;
  private final ServiceServer contactsServer;
  private final Map<String, String> values = new HashMap<>();

  DispatchHarness(SmscSimulatorConfig.Builder smscConfig, int shards) {
    this(smscConfig, shards, true);
  }

  /**
   * @param declareRoute whether the route is declared in the queue now, as the scheduler does; if
   *     not, {@link #declareRoute} does it later
   */
  DispatchHarness(SmscSimulatorConfig.Builder smscConfig, int shards, boolean declareRoute) {
    analyticsServer =
        ServiceServer.builder(ServiceConfig.of("fake-analytics", Map.of()), telemetry)
            .grpc(analytics)
            .start();
    contactsServer =
        ServiceServer.builder(ServiceConfig.of("fake-contacts", Map.of()), telemetry)
            .grpc(contacts)
            .start();
    smsc = SmscSimulator.start(smscConfig.account(SYSTEM_ID, PASSWORD).build());
    values.putAll(TestKeyspaces.settings());
    values.put("queue.lease", "PT6S");
    values.put("contacts.address", "127.0.0.1:" + contactsServer.port());
    values.put("analytics.address", "127.0.0.1:" + analyticsServer.port());
    values.put("server.port", "0");
    values.put("dispatch.route", route);
    values.put("smpp.host", "127.0.0.1");
    values.put("smpp.port", Integer.toString(smsc.port()));
    values.put("smpp.systemid", SYSTEM_ID);
    values.put("smpp.password", PASSWORD);
    values.put("smpp.sessions", "2");
    values.put("smpp.window", "32");
    values.put("smpp.enquirelink", "PT30S");
    values.put("dispatch.drain", "PT15S");
    queue =
        DispatchQueue.open(
            TestKeyspaces.session(), QueueSettings.from(ServiceConfig.of("dispatch-it", values)));
    if (declareRoute) {
      queue.registerRoute(route, shards);
    }
  }

  /** Declares the route in the queue with {@code shards} shards, as the scheduler does. */
  void declareRoute(int shards) {
    queue.registerRoute(route, shards);
  }

  /** Starts a dispatcher process in-process, as owner {@code owner}, with extra settings. */
  DispatchServer startDispatcher(String owner, Map<String, String> overrides) {
    Map<String, String> config = new HashMap<>(values);
    config.put("dispatch.owner", owner);
    config.putAll(overrides);
    return DispatchServer.start(ServiceConfig.of("dispatch", config));
  }

  /** {@link #startDispatcher(String, Map)} with the given telemetry SDK, closed with the server. */
  DispatchServer startDispatcher(
      String owner, Map<String, String> overrides, Telemetry dispatcherTelemetry) {
    Map<String, String> config = new HashMap<>(values);
    config.put("dispatch.owner", owner);
    config.putAll(overrides);
    return DispatchServer.start(ServiceConfig.of("dispatch", config), dispatcherTelemetry);
  }

  /** The spans the fake services finished so far. */
  List<SpanData> fakeSpans() {
    ((OpenTelemetrySdk) telemetry.openTelemetry())
        .getSdkTracerProvider()
        .forceFlush()
        .join(10, TimeUnit.SECONDS);
    return fakeSpans.getFinishedSpanItems();
  }

  void enqueue(List<OutgoingMessage> messages) {
    for (int from = 0; from < messages.size(); from += 1000) {
      queue
          .writer()
          .enqueue(messages.subList(from, Math.min(messages.size(), from + 1000)))
          .toCompletableFuture()
          .join();
    }
  }

  @Override
  public void close() {
    smsc.close();
    analyticsServer.close();
    contactsServer.close();
    telemetry.close();
  }
}
