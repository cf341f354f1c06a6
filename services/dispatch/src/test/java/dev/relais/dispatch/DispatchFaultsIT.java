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
import dev.relais.smsc.SmscSimulatorConfig;
import dev.relais.smsc.SubmitDecision;
import dev.relais.smsc.SubmittedMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher facing a difficult SMSC: throttling answers, a refused destination, every session
 * cut mid-run, and a TPS cap to respect throughout.
 */
class DispatchFaultsIT {

  private static final int MESSAGES = 400;
  private static final int TPS = 150;
  private static final String REFUSED = "33600000099";
  private static final int ESME_RINVDSTADR = 0x0B;

  @Test
  void throttlingRefusalsAndDisconnectsLoseNothingAndTheTpsCapHolds() throws Exception {
    SmscSimulatorConfig.Builder smsc =
        SmscSimulatorConfig.builder()
            .dlrDelay(Duration.ofMillis(5), Duration.ofMillis(50))
            .submitPolicy(submit -> {
              if (submit.destinationAddress().equals(REFUSED)) {
                return SubmitDecision.reject(ESME_RINVDSTADR);
              }
              return submit.submitNumber() % 9 == 0
                  ? SubmitDecision.throttle()
                  : SubmitDecision.accept();
            });
    try (DispatchHarness harness = new DispatchHarness(smsc, 4)) {
      List<OutgoingMessage> messages = harness.messagesDueNow("it/faults", "+336", 0, MESSAGES);
      harness.enqueue(messages);
      FakeAnalytics analytics = harness.analytics;
      try (DispatchServer dispatcher =
          harness.startDispatcher("faults-1", Map.of("dispatch.tps", Integer.toString(TPS)))) {
        assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
        await(Duration.ofSeconds(60), () -> analytics.count(EventType.EVENT_TYPE_SUBMITTED) > 100);
        harness.smsc.disconnectAll();
        await(
            Duration.ofSeconds(120),
            () ->
                analytics.count(EventType.EVENT_TYPE_SUBMITTED)
                        + analytics.count(EventType.EVENT_TYPE_SUBMIT_FAILED)
                    >= MESSAGES);
        await(Duration.ofSeconds(30), () -> dispatcher.bindsUp() == 2);

        List<MessageEvent> failed = analytics.events(EventType.EVENT_TYPE_SUBMIT_FAILED);
        assertThat(failed)
            .singleElement()
            .satisfies(e -> {
              assertThat(e.getErrorCode()).isEqualTo(ESME_RINVDSTADR);
              assertThat(e.getMessageId()).isEqualTo(messages.get(99).messageId().toString());
            });
        Set<String> submitted =
            analytics.events(EventType.EVENT_TYPE_SUBMITTED).stream()
                .map(MessageEvent::getMessageId)
                .collect(Collectors.toSet());
        assertThat(submitted).hasSize(MESSAGES - 1);

        Set<String> reached =
            harness.smsc.received().stream()
                .map(SubmittedMessage::destinationAddress)
                .collect(Collectors.toSet());
        assertThat(reached).hasSize(MESSAGES - 1).doesNotContain(REFUSED);
        DispatchStats.Snapshot stats = dispatcher.stats();
        assertThat(stats.throttled()).isPositive();
        long duplicates = harness.smsc.received().size() - (MESSAGES - 1);
        System.out.printf(
            "DispatchFaultsIT: throttled %d times, %d in-doubt submits, %d duplicates at the SMSC,"
                + " peak %d submit_sm/s for a cap of %d%n",
            stats.throttled(),
            stats.inDoubt(),
            duplicates,
            harness.smsc.maxSubmitsInAnyOneSecond(),
            TPS);
        assertThat(duplicates).isLessThanOrEqualTo(stats.inDoubt() + 2L * 32);
        assertThat(harness.smsc.maxSubmitsInAnyOneSecond()).isLessThanOrEqualTo(TPS);
      }
    }
  }

  @Test
  void bindsRefusedAsAlreadyBoundAreRetriedAndEverythingIsSent() throws Exception {
    SmscSimulatorConfig.Builder smsc =
        SmscSimulatorConfig.builder().dlrDelay(Duration.ofMillis(5), Duration.ofMillis(50));
    try (DispatchHarness harness = new DispatchHarness(smsc, 2)) {
      // An SMSC that still counts the sessions of a crashed dispatcher as bound: ESME_RALYBND.
      harness.smsc.refuseBinds(4, 0x05);
      List<OutgoingMessage> messages = harness.messagesDueNow("it/refused-binds", "+337", 0, 50);
      harness.enqueue(messages);
      try (DispatchServer dispatcher =
          harness.startDispatcher("refused-1", Map.of("smpp.reconnect", "PT0.2S"))) {
        await(Duration.ofSeconds(60), () -> dispatcher.bindsUp() == 2);
        await(
            Duration.ofSeconds(60),
            () -> harness.analytics.count(EventType.EVENT_TYPE_SUBMITTED) >= messages.size());
        assertThat(harness.smsc.stats().bindsRejected()).isEqualTo(4);
        // Both sessions bound again: the route's status no longer shows the refused binds.
        assertThat(dispatcher.stats().lastError()).isEmpty();
        assertThat(
                harness.smsc.received().stream()
                    .map(SubmittedMessage::destinationAddress)
                    .collect(Collectors.toSet()))
            .hasSize(messages.size());
      }
    }
  }

  @Test
  void garbledReceiptsAreAcknowledgedCountedAndChangeNothing() throws Exception {
    SmscSimulatorConfig.Builder smsc =
        SmscSimulatorConfig.builder().dlrDelay(Duration.ofMillis(5), Duration.ofMillis(50));
    try (DispatchHarness harness = new DispatchHarness(smsc, 2)) {
      List<OutgoingMessage> messages = harness.messagesDueNow("it/garbled", "+336", 500, 50);
      harness.enqueue(messages);
      FakeAnalytics analytics = harness.analytics;
      try (DispatchServer dispatcher = harness.startDispatcher("garbled-1", Map.of())) {
        assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
        await(Duration.ofSeconds(30), () -> dispatcher.bindsUp() == 2);
        // Each returns only once the dispatcher answered deliver_sm_resp.
        for (int i = 0; i < 3; i++) {
          harness.smsc.injectGarbledReceipt(DispatchHarness.SYSTEM_ID);
        }
        await(
            Duration.ofSeconds(60),
            () ->
                analytics.count(EventType.EVENT_TYPE_DELIVERED)
                        + analytics.count(EventType.EVENT_TYPE_UNDELIVERED)
                    >= messages.size());
        assertThat(dispatcher.stats().malformedPdus()).isEqualTo(3);
        assertThat(dispatcher.bindsUp()).isEqualTo(2);
        assertThat(analytics.count(EventType.EVENT_TYPE_SUBMITTED)).isEqualTo(messages.size());
        assertThat(
                analytics.count(EventType.EVENT_TYPE_DELIVERED)
                    + analytics.count(EventType.EVENT_TYPE_UNDELIVERED))
            .as("one receipt per message, none made up from the garbled ones")
            .isEqualTo(messages.size());
      }
    }
  }

  @Test
  void aReceiptForAnUnknownIdIsCountedAsAnOrphanInRouteStats() throws Exception {
    try (DispatchHarness harness = new DispatchHarness(SmscSimulatorConfig.builder(), 2);
        DispatchServer dispatcher = harness.startDispatcher("orphan-1", Map.of());
        Telemetry telemetry = Telemetry.create("dispatch-it-client", null, 1.0)) {
      assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
      await(Duration.ofSeconds(30), () -> dispatcher.bindsUp() == 2);
      DispatchServiceGrpc.DispatchServiceBlockingStub stats =
          DispatchServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", dispatcher.port()), telemetry));
      GetRouteStatsRequest request =
          GetRouteStatsRequest.newBuilder().setRoute(harness.route).build();
      assertThat(stats.getRouteStats(request).getOrphanReceipts()).isZero();

      // Returns once the dispatcher answered deliver_sm_resp; the id was never submitted.
      harness.smsc.injectReceipt(DispatchHarness.SYSTEM_ID, "7f3a0c99e1");

      // Looked up again after 0.5 s, 2 s and 5 s before it counts as an orphan.
      await(Duration.ofSeconds(30), () -> stats.getRouteStats(request).getOrphanReceipts() == 1);
      assertThat(harness.analytics.count(EventType.EVENT_TYPE_DELIVERED)).isZero();
      assertThat(dispatcher.bindsUp()).isEqualTo(2);
    }
  }
}
