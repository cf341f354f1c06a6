package dev.relais.dispatch;

import static dev.relais.dispatch.DispatchIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.dispatch.smpp.ReceiptRefusals;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.dispatch.v1.DispatchServiceGrpc;
import dev.relais.proto.dispatch.v1.GetRouteStatsRequest;
import dev.relais.proto.dispatch.v1.RouteStats;
import dev.relais.smsc.OutcomeMix;
import dev.relais.smsc.SimulatorStats;
import dev.relais.smsc.SmscSimulatorConfig;
import java.time.Duration;
import java.util.Map;
import org.jsmpp.session.SMPPSession;
import org.junit.jupiter.api.Test;

/**
 * Delivery receipts arriving in bursts of hundreds, from an SMSC that gives up a receipt the
 * dispatcher refuses: every receipt must be taken in, since a refused one is lost for good.
 */
class DispatchReceiptLoadIT {

  private static final int MESSAGES = 4000;

  private static SmscSimulatorConfig.Builder burstySmsc() {
    return SmscSimulatorConfig.builder()
        .dlrDelay(Duration.ofMillis(1), Duration.ofMillis(20))
        .dlrBurstInterval(Duration.ofMillis(400))
        // Enough senders that a whole burst is on the wire at once, as from a large SMSC window.
        .dlrSenderThreads(600)
        .outcomeMix(new OutcomeMix(0.9, 0.1, 0.0))
        .resendRefusedReceipts(false)
        .seed(19);
  }

  @Test
  void everyReceiptOfABurstyCampaignIsTakenIn() throws Exception {
    try (DispatchHarness harness = new DispatchHarness(burstySmsc(), 8)) {
      harness.enqueue(harness.messagesDueNow("it/receipt-load", "+336", 0, MESSAGES));
      try (DispatchServer dispatcher = harness.startDispatcher("dispatch-load-1", Map.of())) {
        assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
        awaitEveryReceiptAnswered(harness);

        SimulatorStats smsc = harness.smsc.stats();
        assertThat(smsc.dlrsFailed()).as("receipts the dispatcher refused").isZero();
        await(Duration.ofSeconds(30), () -> receipts(harness.analytics) == MESSAGES);
        assertThat(receipts(harness.analytics)).isEqualTo(MESSAGES);
        assertThat(routeStats(dispatcher, harness.route).getReceiptsRefused()).isZero();
      }
    }
  }

  /** The counter the test above reads must see refusals: a receive queue of 2 refuses many. */
  @Test
  void receiptsRefusedForAFullReceiveQueueAreCountedAndLoggedOncePerBurst() throws Exception {
    int messages = 1000;
    try (DispatchHarness harness = new DispatchHarness(burstySmsc(), 8);
        LogCapture logs = LogCapture.of(ReceiptRefusals.class);
        LogCapture jsmppLogs = LogCapture.of(SMPPSession.class)) {
      harness.enqueue(harness.messagesDueNow("it/receipt-refused", "+337", 0, messages));
      long started = System.nanoTime();
      try (DispatchServer dispatcher =
          harness.startDispatcher("dispatch-load-2", Map.of("smpp.receivequeue", "2"))) {
        assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
        await(
            Duration.ofSeconds(180),
            () -> {
              SimulatorStats s = harness.smsc.stats();
              return s.dlrsScheduled() == messages && s.dlrsOutstanding() == 0;
            });
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        long refusedBySmsc = harness.smsc.stats().dlrsFailed();
        assertThat(refusedBySmsc).isPositive();
        assertThat(routeStats(dispatcher, harness.route).getReceiptsRefused())
            .isEqualTo(refusedBySmsc);
        await(
            Duration.ofSeconds(30), () -> receipts(harness.analytics) == messages - refusedBySmsc);
        assertThat(logs.messages()).isNotEmpty().hasSizeLessThanOrEqualTo(1 + (int) seconds / 10);
        assertThat(logs.messages().get(0)).contains("receipts_refused").doesNotContain("+337");
        assertThat(jsmppLogs.messages()).noneMatch(line -> line.contains("queue"));
      }
    }
  }

  private static RouteStats routeStats(DispatchServer dispatcher, String route) {
    Telemetry telemetry = Telemetry.create("dispatch-load-it-client", null, 1.0);
    try {
      return DispatchServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", dispatcher.port()), telemetry))
          .getRouteStats(GetRouteStatsRequest.newBuilder().setRoute(route).build());
    } finally {
      telemetry.close();
    }
  }

  /** Waits until the SMSC sent a receipt for every message and each got its answer. */
  private static void awaitEveryReceiptAnswered(DispatchHarness harness)
      throws InterruptedException {
    await(
        Duration.ofSeconds(180),
        () -> {
          SimulatorStats s = harness.smsc.stats();
          return s.dlrsScheduled() == MESSAGES && s.dlrsOutstanding() == 0;
        });
  }

  private static long receipts(FakeAnalytics analytics) {
    return analytics.count(EventType.EVENT_TYPE_DELIVERED)
        + analytics.count(EventType.EVENT_TYPE_UNDELIVERED);
  }
}
