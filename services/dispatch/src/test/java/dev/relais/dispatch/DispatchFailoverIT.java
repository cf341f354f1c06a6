package dev.relais.dispatch;

import static dev.relais.dispatch.DispatchIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.dispatch.v1.DispatchServiceGrpc;
import dev.relais.proto.dispatch.v1.GetRouteStatsRequest;
import dev.relais.proto.dispatch.v1.RouteStats;
import dev.relais.queue.OutgoingMessage;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SmscSimulatorConfig;
import dev.relais.smsc.SubmittedMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Route failover with real dispatch processes over loopback: a primary route whose SMSC does not
 * listen, and its failover route (the harness's route) with a working SMSC simulator. One harness
 * (simulator, fake analytics) for both tests, each on its own primary route, to keep the run short.
 */
class DispatchFailoverIT {

  private static DispatchHarness harness;

  /** The harness's route, which has a working SMSC: the failover route of the primaries. */
  private static String failoverRoute;

  /** Routes of their own in the keyspaces the JVM shares, as the harness's route is. */
  private static String primaryRoute;

  private static String strandedRoute;

  @BeforeAll
  static void start() {
    harness = new DispatchHarness(smsc(), 2);
    failoverRoute = harness.route;
    primaryRoute = harness.route + "-primary";
    strandedRoute = harness.route + "-stranded";
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private static SmscSimulatorConfig.Builder smsc() {
    return SmscSimulatorConfig.builder().dlrDelay(Duration.ofMillis(5), Duration.ofMillis(30));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static List<OutgoingMessage> messages(
      String route, String campaign, int from, int count, Instant expiresAt) {
    Instant now = Instant.now();
    List<OutgoingMessage> messages = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      messages.add(
          new OutgoingMessage(
              UUID.randomUUID(),
              campaign,
              route,
              String.format("+336%08d", i),
              "RELAIS",
              "Message " + i,
              now.minusSeconds(2),
              expiresAt,
              "",
              false,
              1));
    }
    return messages;
  }

  private static Map<String, String> primary(String route, int smppPort, String failover) {
    Map<String, String> config = new HashMap<>();
    config.put("dispatch.route", route);
    config.put("smpp.port", Integer.toString(smppPort));
    config.put("smpp.reconnect", "PT0.3S");
    config.put("smpp.reconnectmax", "PT1S");
    config.put("dispatch.failoverafter", "PT3S");
    if (failover != null) {
      config.put("dispatch.failover", failover);
    }
    return config;
  }

  private static Map<String, Long> countById(List<MessageEvent> events) {
    return events.stream()
        .collect(Collectors.groupingBy(MessageEvent::getMessageId, Collectors.counting()));
  }

  @Test
  void messagesOfADownRouteAreDeliveredOnceThroughItsFailoverRouteUntilItBindsAgain()
      throws Exception {
    int primaryPort = freePort();
    SmscSimulator primarySmsc =
        new SmscSimulator(
            smsc()
                .port(primaryPort)
                .account(DispatchHarness.SYSTEM_ID, DispatchHarness.PASSWORD)
                .build());
    try {
      harness.queue.registerRoute(primaryRoute, 3);
      Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
      List<OutgoingMessage> stranded = messages(primaryRoute, "it/failover", 0, 200, inAnHour);
      List<OutgoingMessage> expired =
          messages(primaryRoute, "it/failover", 300, 5, Instant.now().minusSeconds(1));
      List<OutgoingMessage> own = messages(failoverRoute, "it/own", 400, 40, inAnHour);
      harness.enqueue(stranded);
      harness.enqueue(expired);
      harness.enqueue(own);
      FakeAnalytics analytics = harness.analytics;
      try (DispatchServer backup = harness.startDispatcher("backup-1", Map.of());
          DispatchServer down =
              harness.startDispatcher(
                  "primary-1", primary(primaryRoute, primaryPort, failoverRoute))) {
        await(Duration.ofSeconds(60), () -> analytics.count(EventType.EVENT_TYPE_SUBMITTED) >= 240);
        await(Duration.ofSeconds(10), () -> analytics.count(EventType.EVENT_TYPE_EXPIRED) >= 5);
        Thread.sleep(1000); // anything extra (a second copy) would show up by now

        Map<String, Long> reached =
            harness.smsc.received().stream()
                .collect(
                    Collectors.groupingBy(
                        SubmittedMessage::destinationAddress, Collectors.counting()));
        List<String> expected = new ArrayList<>();
        stranded.forEach(m -> expected.add(m.destination().substring(1)));
        own.forEach(m -> expected.add(m.destination().substring(1)));
        assertThat(reached.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(reached.values()).as("each recipient exactly once").containsOnly(1L);
        assertThat(primarySmsc.received()).isEmpty();

        Map<String, Long> submitted = countById(analytics.events(EventType.EVENT_TYPE_SUBMITTED));
        assertThat(submitted).hasSize(240).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(submitted.keySet())
            .containsAll(stranded.stream().map(m -> m.messageId().toString()).toList());
        assertThat(analytics.events(EventType.EVENT_TYPE_SUBMITTED))
            .as("the failover route's dispatcher reports what it sent")
            .allSatisfy(e -> assertThat(e.getRoute()).isEqualTo(failoverRoute));
        Map<String, Long> expiredEvents = countById(analytics.events(EventType.EVENT_TYPE_EXPIRED));
        assertThat(expiredEvents.keySet())
            .containsExactlyInAnyOrderElementsOf(
                expired.stream().map(m -> m.messageId().toString()).toList());
        assertThat(expiredEvents.values()).containsOnly(1L);
        assertThat(analytics.count(EventType.EVENT_TYPE_SUBMIT_FAILED)).isZero();

        DispatchStats.Snapshot stats = down.stats();
        assertThat(stats.moved()).isEqualTo(200);
        assertThat(stats.submitted()).isZero();
        assertThat(stats.failover()).isEqualTo("MOVING");
        assertThat(backup.stats().moved()).isZero();
        // What an SRE reads over gRPC: the primary's queue drained by moves, counted, and why.
        Telemetry telemetry = Telemetry.create("failover-it-client", null, 1.0);
        try {
          DispatchServiceGrpc.DispatchServiceBlockingStub routeStats =
              DispatchServiceGrpc.newBlockingStub(
                  GrpcChannels.connect(new HostPort("127.0.0.1", down.port()), telemetry));
          GetRouteStatsRequest request =
              GetRouteStatsRequest.newBuilder().setRoute(primaryRoute).build();
          await(
              Duration.ofSeconds(10), () -> routeStats.getRouteStats(request).getQueueDepth() == 0);
          RouteStats primaryStats = routeStats.getRouteStats(request);
          assertThat(primaryStats.getMovedToFailover()).isEqualTo(200);
          assertThat(primaryStats.getFailoverState()).isEqualTo("MOVING");
          assertThat(primaryStats.getBindsUp()).isZero();
          assertThat(primaryStats.getSubmitted()).isZero();
        } finally {
          telemetry.close();
        }

        // The primary's SMSC comes back: its own messages go out through it again.
        primarySmsc.start();
        await(Duration.ofSeconds(20), () -> down.bindsUp() > 0);
        List<OutgoingMessage> later = messages(primaryRoute, "it/failover", 500, 30, inAnHour);
        harness.enqueue(later);
        await(Duration.ofSeconds(30), () -> analytics.count(EventType.EVENT_TYPE_SUBMITTED) >= 270);
        assertThat(
                primarySmsc.received().stream().map(SubmittedMessage::destinationAddress).toList())
            .containsExactlyInAnyOrderElementsOf(
                later.stream().map(m -> m.destination().substring(1)).toList());
        assertThat(harness.smsc.received()).hasSize(240);
        assertThat(down.stats().moved()).isEqualTo(200);
        assertThat(down.stats().failover()).isEqualTo("SENDING");
      }
    } finally {
      primarySmsc.close();
    }
  }

  @Test
  void withoutAFailoverRouteOrWithAnUndeclaredOneNothingMoves() throws Exception {
    int closedPort = freePort();
    harness.queue.registerRoute(strandedRoute, 2);
    List<OutgoingMessage> stranded =
        messages(strandedRoute, "it/no-failover", 700, 30, Instant.now().plus(Duration.ofHours(1)));
    harness.enqueue(stranded);
    try (DispatchServer backup = harness.startDispatcher("backup-2", Map.of());
        DispatchServer without =
            harness.startDispatcher("stranded-1", primary(strandedRoute, closedPort, null));
        DispatchServer undeclared =
            harness.startDispatcher(
                "stranded-2", primary(strandedRoute, closedPort, "it-nowhere"))) {
      await(
          Duration.ofSeconds(15),
          () -> undeclared.stats().failover().equals("WAITING_FOR_FAILOVER_ROUTE"));
      Thread.sleep(3000); // the failover delay again, both dispatchers of the route still unbound
      assertThat(without.stats().failover()).isEqualTo("NONE");
      assertThat(without.stats().moved()).isZero();
      assertThat(undeclared.stats().failover()).isEqualTo("WAITING_FOR_FAILOVER_ROUTE");
      assertThat(undeclared.stats().moved()).isZero();
      List<String> numbers = stranded.stream().map(m -> m.destination().substring(1)).toList();
      assertThat(harness.smsc.received())
          .extracting(SubmittedMessage::destinationAddress)
          .doesNotContainAnyElementsOf(numbers);
      assertThat(harness.analytics.events(EventType.EVENT_TYPE_SUBMITTED))
          .extracting(MessageEvent::getCampaignId)
          .doesNotContain("it/no-failover");
      assertThat(harness.queue.depth(strandedRoute)).isEqualTo(30);
      assertThat(backup.stats().moved()).isZero();
    }
  }
}
