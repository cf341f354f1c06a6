package dev.relais.dispatch;

import static dev.relais.dispatch.DispatchIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.telemetry.MetricsScrape;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.smsc.MessageIdFormat;
import dev.relais.smsc.OutcomeMix;
import dev.relais.smsc.SmscSimulatorConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A dispatcher's {@code GET /metrics} after real submits and receipts from the SMSC simulator. */
class DispatchMetricsIT {

  private static final int MESSAGES = 120;

  @Test
  void theScrapeCountsEverySubmitAndReceiptAndTheQueueDrainsToZero() throws Exception {
    try (DispatchHarness harness =
            new DispatchHarness(
                SmscSimulatorConfig.builder()
                    .dlrDelay(Duration.ofMillis(10), Duration.ofMillis(200))
                    .outcomeMix(new OutcomeMix(0.7, 0.2, 0.1))
                    .messageIdFormat(MessageIdFormat.HEX_UPPER)
                    .receiptIdFormat(MessageIdFormat.DECIMAL)
                    .seed(11),
                4);
        DispatchServer dispatcher =
            harness.startDispatcher("dispatch-metrics-1", Map.of("dispatch.tps", "400"))) {
      assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
      Map<String, String> route = Map.of("route", harness.route);
      Map<String, String> accepted = Map.of("route", harness.route, "command_status", "0x0");

      MetricsScrape before = MetricsScrape.of(dispatcher.port());
      assertThat(before.value("relais_dispatch_submit_sm_responses_total", accepted)).isZero();
      assertThat(before.value("relais_dispatch_queue_depth", route)).isZero();
      assertThat(before.value("relais_dispatch_tps_limit_per_second", route)).isEqualTo(400);
      await(
          Duration.ofSeconds(10),
          () ->
              MetricsScrape.of(dispatcher.port()).value("relais_dispatch_sessions_bound", route)
                  == 2);

      harness.enqueue(harness.messagesDueNow("it/metrics", "+336", 0, MESSAGES));
      FakeAnalytics analytics = harness.analytics;
      await(
          Duration.ofSeconds(60),
          () -> analytics.count(EventType.EVENT_TYPE_SUBMITTED) >= MESSAGES);
      await(
          Duration.ofSeconds(60),
          () ->
              analytics.count(EventType.EVENT_TYPE_DELIVERED)
                      + analytics.count(EventType.EVENT_TYPE_UNDELIVERED)
                  >= MESSAGES);
      // Committed cursors bring the queue's depth back to zero a moment after the last outcome.
      await(
          Duration.ofSeconds(20),
          () ->
              MetricsScrape.of(dispatcher.port()).value("relais_dispatch_queue_depth", route) == 0);

      MetricsScrape after = MetricsScrape.of(dispatcher.port());
      System.out.println(after.text());
      assertThat(harness.smsc.receivedCount()).isEqualTo(MESSAGES);
      assertThat(after.value("relais_dispatch_submit_sm_responses_total", accepted))
          .isEqualTo(MESSAGES);
      assertThat(after.value("relais_dispatch_messages_submitted_total", route))
          .isEqualTo(MESSAGES);
      assertThat(after.value("relais_dispatch_submit_sm_duration_seconds_count", route))
          .isEqualTo(MESSAGES);
      assertThat(after.value("relais_dispatch_receipt_latency_seconds_count", route))
          .isEqualTo(MESSAGES);
      assertThat(after.value("relais_dispatch_receipts_total", route)).isEqualTo(MESSAGES);
      assertThat(
              after.value(
                  "relais_dispatch_receipts_total",
                  Map.of("route", harness.route, "state", "DELIVRD", "error_code", "000")))
          .isEqualTo(analytics.count(EventType.EVENT_TYPE_DELIVERED));
      assertThat(after.value("relais_dispatch_receipts_orphan_total", route)).isZero();
      assertThat(after.value("relais_dispatch_queue_oldest_due_age_seconds", route)).isZero();
      assertThat(after.value("relais_dispatch_window_in_use", route)).isZero();
      after.assertNoPersonalData();
    }
  }
}
