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
import dev.relais.queue.OutgoingMessage;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SmscSimulatorConfig;
import dev.relais.smsc.SubmittedMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A route whose SMSC is down when its messages' deadline passes: they are expired on time by the
 * dispatchers that cannot send (each once, though both are unbound), still-valid messages queued
 * ahead of them in their shards wait, and once the SMSC is back only the valid ones reach it and
 * the route's queue drains.
 */
class DispatchExpiryIT {

  /** The bound docs/routes.md promises: lease TTL (6 s here) plus two thirds of it. */
  private static final Duration EXPIRY_BOUND = Duration.ofSeconds(10);

  /** Slack for the test's own polling and the event's trip to analytics. */
  private static final Duration MARGIN = Duration.ofSeconds(3);

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static List<OutgoingMessage> messages(
      String route, String campaign, int from, int count, Instant due, Instant expiresAt) {
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
              due,
              expiresAt,
              "",
              false,
              1));
    }
    return messages;
  }

  @Test
  void messagesWhoseDeadlinePassesWhileTheSmscIsDownExpireOnTimeAndAreNeverSent() throws Exception {
    int downPort = freePort();
    SmscSimulator down =
        new SmscSimulator(
            SmscSimulatorConfig.builder()
                .port(downPort)
                .dlrDelay(Duration.ofMillis(5), Duration.ofMillis(30))
                .account(DispatchHarness.SYSTEM_ID, DispatchHarness.PASSWORD)
                .build());
    try (DispatchHarness harness = new DispatchHarness(SmscSimulatorConfig.builder(), 2);
        Telemetry telemetry = Telemetry.create("expiry-it-client", null, 1.0)) {
      Map<String, String> unbound =
          Map.of(
              "smpp.port", Integer.toString(downPort),
              "smpp.reconnect", "PT0.3S",
              "smpp.reconnectmax", "PT1S");
      FakeAnalytics analytics = harness.analytics;
      try (DispatchServer first = harness.startDispatcher("expiry-1", unbound);
          DispatchServer second = harness.startDispatcher("expiry-2", unbound)) {
        Instant now = Instant.now();
        // Valid for an hour and due first: they stand ahead of the short-lived ones in each shard.
        List<OutgoingMessage> valid =
            messages(
                harness.route,
                "it/expiry-valid",
                0,
                6,
                now.minusSeconds(3),
                now.plus(Duration.ofHours(1)));
        Instant deadline = now.plusSeconds(8);
        List<OutgoingMessage> shortLived =
            messages(harness.route, "it/expiry", 100, 30, now.minusSeconds(2), deadline);
        harness.enqueue(valid);
        harness.enqueue(shortLived);
        await(
            Duration.between(Instant.now(), deadline).plus(EXPIRY_BOUND).plus(MARGIN),
            () -> analytics.count(EventType.EVENT_TYPE_EXPIRED) >= shortLived.size());
        Thread.sleep(1000); // a second EXPIRED of any of them would show up by now

        Map<String, OutgoingMessage> byId =
            shortLived.stream()
                .collect(Collectors.toMap(m -> m.messageId().toString(), Function.identity()));
        List<MessageEvent> expired = analytics.events(EventType.EVENT_TYPE_EXPIRED);
        assertThat(expired.stream().map(MessageEvent::getMessageId).toList())
            .as("each short-lived message expired exactly once")
            .containsExactlyInAnyOrderElementsOf(byId.keySet());
        assertThat(expired)
            .allSatisfy(e -> {
              assertThat(e.getCampaignId()).isEqualTo("it/expiry");
              assertThat(Instant.ofEpochSecond(e.getOccurredAt().getSeconds()))
                  .as("not expired before its deadline")
                  .isAfterOrEqualTo(deadline.minusSeconds(1));
            });
        assertThat(analytics.count(EventType.EVENT_TYPE_SUBMITTED)).isZero();
        assertThat(first.bindsUp() + second.bindsUp()).isZero();

        // The SMSC comes back: the valid messages go out, nothing that expired does.
        down.start();
        await(Duration.ofSeconds(30), () -> first.bindsUp() + second.bindsUp() > 0);
        await(
            Duration.ofSeconds(60),
            () -> analytics.count(EventType.EVENT_TYPE_SUBMITTED) >= valid.size());
        DispatchServiceGrpc.DispatchServiceBlockingStub routeStats =
            DispatchServiceGrpc.newBlockingStub(
                GrpcChannels.connect(new HostPort("127.0.0.1", first.port()), telemetry));
        GetRouteStatsRequest request =
            GetRouteStatsRequest.newBuilder().setRoute(harness.route).build();
        await(Duration.ofSeconds(20), () -> routeStats.getRouteStats(request).getQueueDepth() == 0);
        Thread.sleep(1000);

        assertThat(down.received().stream().map(SubmittedMessage::destinationAddress).toList())
            .as("only the valid messages reach the SMSC, each once")
            .containsExactlyInAnyOrderElementsOf(
                valid.stream().map(m -> m.destination().substring(1)).toList());
        assertThat(analytics.events(EventType.EVENT_TYPE_SUBMITTED))
            .extracting(MessageEvent::getCampaignId)
            .containsOnly("it/expiry-valid");
        // A shard taken over by the other dispatcher may report again an expiry its cursor could
        // not pass yet; analytics counts each message's outcome once, so what counts is the set of
        // messages: still exactly the short-lived ones.
        assertThat(
                analytics.events(EventType.EVENT_TYPE_EXPIRED).stream()
                    .map(MessageEvent::getMessageId)
                    .collect(Collectors.toSet()))
            .as("nothing else expired once bound")
            .containsExactlyInAnyOrderElementsOf(byId.keySet());
      }
    } finally {
      down.close();
    }
  }
}
