package dev.relais.dispatch;

import static dev.relais.dispatch.DispatchIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.dispatch.submit.MissingSmscIds;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.dispatch.v1.DispatchServiceGrpc;
import dev.relais.proto.dispatch.v1.GetRouteStatsRequest;
import dev.relais.proto.dispatch.v1.RouteStats;
import dev.relais.smsc.OutcomeMix;
import dev.relais.smsc.SmscSimulatorConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * An SMSC that answers every 50th submit_sm with an empty message_id: those messages are counted,
 * logged and reported to analytics as delivery unknown, and no receipt is matched with a message it
 * does not report on.
 */
class DispatchEmptySmscIdIT {

  private static final int MESSAGES = 1000;
  private static final int EVERY = 50;

  @Test
  void messagesAcceptedWithoutAnIdAreCountedAndNoReceiptIsMisattributed() throws Exception {
    SmscSimulatorConfig.Builder smsc =
        SmscSimulatorConfig.builder()
            .dlrDelay(Duration.ofMillis(10), Duration.ofMillis(200))
            .outcomeMix(new OutcomeMix(0.8, 0.2, 0.0))
            .emptyMessageIdEvery(EVERY)
            .seed(50);
    try (DispatchHarness harness = new DispatchHarness(smsc, 8);
        LogCapture logs = LogCapture.of(MissingSmscIds.class)) {
      harness.enqueue(harness.messagesDueNow("it/empty-ids", "+336", 0, MESSAGES));
      try (DispatchServer dispatcher = harness.startDispatcher("dispatch-empty-1", Map.of())) {
        assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
        FakeAnalytics analytics = harness.analytics;
        int withoutId = MESSAGES / EVERY;
        await(
            Duration.ofSeconds(120),
            () -> analytics.count(EventType.EVENT_TYPE_SUBMITTED) >= MESSAGES);
        // Receipts of the id-less messages are orphans only after every parking delay (7.5 s).
        await(Duration.ofSeconds(60), () -> dispatcher.stats().orphanReceipts() >= withoutId);
        await(Duration.ofSeconds(30), () -> receipts(analytics).size() >= MESSAGES - withoutId);

        Map<String, String> submittedId =
            analytics.events(EventType.EVENT_TYPE_SUBMITTED).stream()
                .collect(
                    Collectors.toMap(
                        MessageEvent::getMessageId, MessageEvent::getSmscMessageId, (a, b) -> a));
        assertThat(submittedId.values().stream().filter(String::isEmpty)).hasSize(withoutId);
        // Exactly those are reported to analytics as delivery unknown, which the campaign shows.
        assertThat(
                analytics.events(EventType.EVENT_TYPE_DELIVERY_UNKNOWN).stream()
                    .map(MessageEvent::getMessageId)
                    .toList())
            .containsExactlyInAnyOrderElementsOf(
                submittedId.entrySet().stream()
                    .filter(e -> e.getValue().isEmpty())
                    .map(Map.Entry::getKey)
                    .toList());
        List<MessageEvent> receipts = receipts(analytics);
        assertThat(receipts).hasSize(MESSAGES - withoutId);
        for (MessageEvent receipt : receipts) {
          // Each receipt names the id its own message was given, never an empty one.
          assertThat(lower(receipt.getSmscMessageId()))
              .isNotEmpty()
              .isEqualTo(lower(submittedId.get(receipt.getMessageId())));
        }

        RouteStats route = routeStats(dispatcher, harness.route);
        assertThat(route.getOrphanReceipts()).isEqualTo(withoutId);
        assertThat(route.getSubmittedWithoutSmscId()).isEqualTo(withoutId);
        assertThat(route.getSubmitted()).isEqualTo(MESSAGES);
        assertThat(logs.messages()).isNotEmpty().hasSizeLessThan(withoutId);
        assertThat(logs.messages().get(0)).contains("empty message_id").doesNotContain("+336");
      }
    }
  }

  private static List<MessageEvent> receipts(FakeAnalytics analytics) {
    List<MessageEvent> receipts = new ArrayList<>(analytics.events(EventType.EVENT_TYPE_DELIVERED));
    receipts.addAll(analytics.events(EventType.EVENT_TYPE_UNDELIVERED));
    return receipts;
  }

  private static String lower(String id) {
    return id == null ? "" : id.toLowerCase(Locale.ROOT);
  }

  private static RouteStats routeStats(DispatchServer dispatcher, String route) {
    Telemetry telemetry = Telemetry.create("dispatch-empty-id-it-client", null, 1.0);
    try {
      return DispatchServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", dispatcher.port()), telemetry))
          .getRouteStats(GetRouteStatsRequest.newBuilder().setRoute(route).build());
    } finally {
      telemetry.close();
    }
  }
}
