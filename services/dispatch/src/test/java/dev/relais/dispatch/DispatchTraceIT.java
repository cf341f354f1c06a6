package dev.relais.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.telemetry.TraceParent;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.queue.OutgoingMessage;
import dev.relais.smsc.OutcomeMix;
import dev.relais.smsc.SmscSimulatorConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Messages queued with a trace context are submitted and receipted in that trace (submit_sm and
 * delivery_receipt spans, children of the message's span), the shard batches link to them, and
 * messages queued without one make no per-message span; no span attribute holds a number or a text.
 */
class DispatchTraceIT {

  private static final String CAMPAIGN = "it/traced";
  private static final int MESSAGES = 40;

  private static String destination(int i) {
    return String.format("+336%08d", 4200 + i);
  }

  private static String text(int i) {
    return i == 0 ? "Colis prêt, retrait en magasin. ".repeat(6) : "Colis prêt n°" + i;
  }

  @Test
  void tracedMessagesAreSubmittedAndReceiptedInTheirTraceAndOthersMakeNoSpan() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (DispatchHarness harness =
            new DispatchHarness(
                SmscSimulatorConfig.builder()
                    .dlrDelay(Duration.ofMillis(10), Duration.ofMillis(200))
                    .outcomeMix(new OutcomeMix(0.7, 0.3, 0.0))
                    .seed(11),
                2);
        Telemetry scheduler = Telemetry.create("scheduler", null, 1.0)) {
      Instant now = Instant.now();
      List<OutgoingMessage> messages = new ArrayList<>();
      Map<String, SpanContext> traced = new HashMap<>();
      for (int i = 0; i < MESSAGES; i++) {
        OutgoingMessage m =
            new OutgoingMessage(
                UUID.randomUUID(),
                CAMPAIGN,
                harness.route,
                destination(i),
                "RELAIS",
                text(i),
                now.minusSeconds(2),
                now.plus(Duration.ofHours(1)),
                "",
                false,
                i == 0 ? 2 : 1);
        if (i % 2 == 0) {
          // The span a scheduler's page makes for a sampled message.
          Span span = scheduler.tracer().spanBuilder("queue message").startSpan();
          span.end();
          m = m.withTrace(TraceParent.of(span));
          traced.put(m.messageId().toString(), span.getSpanContext());
        }
        messages.add(m);
      }
      harness.enqueue(messages);

      Telemetry telemetry = Telemetry.create("dispatch", spans, 1.0);
      List<SpanData> finished;
      try (DispatchServer dispatcher =
          harness.startDispatcher("dispatch-trace-1", Map.of(), telemetry)) {
        assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
        await(() ->
            harness.analytics.count(EventType.EVENT_TYPE_DELIVERED)
                    + harness.analytics.count(EventType.EVENT_TYPE_UNDELIVERED)
                >= MESSAGES);
        ((OpenTelemetrySdk) telemetry.openTelemetry())
            .getSdkTracerProvider()
            .forceFlush()
            .join(10, TimeUnit.SECONDS);
        // Read before the dispatcher closes its SDK, which shuts the exporter down (and clears it).
        finished = spans.getFinishedSpanItems();
      }

      Map<String, List<SpanData>> submits = byMessage(finished, "submit_sm");
      Map<String, List<SpanData>> receipts = byMessage(finished, "delivery_receipt");
      Map<String, String> states = new HashMap<>();
      for (MessageEvent e : harness.analytics.events(EventType.EVENT_TYPE_DELIVERED)) {
        states.put(e.getMessageId(), "DELIVRD");
      }
      for (MessageEvent e : harness.analytics.events(EventType.EVENT_TYPE_UNDELIVERED)) {
        states.put(e.getMessageId(), "UNDELIV");
      }

      // Per-message spans exist for the traced messages only.
      assertThat(submits.keySet()).isEqualTo(traced.keySet());
      assertThat(receipts.keySet()).isEqualTo(traced.keySet());
      traced.forEach((id, message) -> {
        List<SpanData> submitted = submits.get(id);
        // One submit_sm per part: the first message's text takes several.
        int parts = submitted.size();
        if (id.equals(messages.get(0).messageId().toString())) {
          assertThat(parts).isGreaterThan(1);
        } else {
          assertThat(parts).isEqualTo(1);
        }
        assertThat(submitted)
            .extracting(s -> s.getAttributes().get(MessageTracing.PART))
            .containsExactlyInAnyOrderElementsOf(
                java.util.stream.LongStream.rangeClosed(1, parts).boxed().toList());
        assertThat(submitted)
            .allSatisfy(s -> {
              assertThat(s.getKind()).isEqualTo(SpanKind.CLIENT);
              assertThat(s.getTraceId()).isEqualTo(message.getTraceId());
              assertThat(s.getParentSpanId()).isEqualTo(message.getSpanId());
              assertThat(s.getAttributes().get(MessageTracing.ROUTE)).isEqualTo(harness.route);
              assertThat(s.getAttributes().get(MessageTracing.PARTS)).isEqualTo((long) parts);
              assertThat(s.getAttributes().get(MessageTracing.SESSION)).isBetween(0L, 1L);
              assertThat(s.getAttributes().get(MessageTracing.WINDOW_WAIT)).isNotNegative();
              assertThat(s.getAttributes().get(MessageTracing.COMMAND_STATUS)).isZero();
            });
        assertThat(receipts.get(id))
            .singleElement()
            .satisfies(r -> {
              assertThat(r.getTraceId()).isEqualTo(message.getTraceId());
              assertThat(r.getParentSpanId()).isEqualTo(message.getSpanId());
              assertThat(r.getAttributes().get(MessageTracing.RECEIPT_STATE))
                  .isEqualTo(states.get(id));
              assertThat(r.getAttributes().get(MessageTracing.RECEIPT_LATENCY)).isPositive();
              // The receipt follows the response of the message's (last) submit_sm.
              assertThat(r.getStartEpochNanos())
                  .isGreaterThanOrEqualTo(
                      submits.get(id).stream()
                          .mapToLong(SpanData::getEndEpochNanos)
                          .max()
                          .orElseThrow());
            });
      });

      // Shard batches start no message's trace: they link to the traced messages they carry.
      List<SpanData> batches =
          finished.stream().filter(s -> s.getName().equals("dispatch shard batch")).toList();
      assertThat(batches).isNotEmpty();
      Set<String> messageTraces =
          traced.values().stream().map(SpanContext::getTraceId).collect(Collectors.toSet());
      assertThat(batches)
          .allSatisfy(b -> {
            assertThat(b.getParentSpanContext().isValid()).isFalse();
            assertThat(b.getTraceId()).isNotIn(messageTraces);
          });
      Set<String> linked =
          batches.stream()
              .flatMap(b -> b.getLinks().stream())
              .map(LinkData::getSpanContext)
              .map(SpanContext::getSpanId)
              .collect(Collectors.toSet());
      assertThat(linked).containsAll(traced.values().stream().map(SpanContext::getSpanId).toList());

      // Numbers and texts never become span attributes.
      assertThat(finished)
          .allSatisfy(s ->
              assertThat(s.getAttributes().asMap().values())
                  .allSatisfy(v ->
                      assertThat(String.valueOf(v)).doesNotContain("3360000", "Colis", "RELAIS")));
    }
  }

  private static Map<String, List<SpanData>> byMessage(List<SpanData> spans, String name) {
    return spans.stream()
        .filter(s -> s.getName().equals(name))
        .collect(Collectors.groupingBy(s -> s.getAttributes().get(MessageTracing.MESSAGE_ID)));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    Instant giveUp = Instant.now().plusSeconds(90);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waited 90 s").isBefore(giveUp);
      Thread.sleep(50);
    }
  }
}
