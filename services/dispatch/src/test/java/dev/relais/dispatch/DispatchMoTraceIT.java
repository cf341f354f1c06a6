package dev.relais.dispatch;

import static dev.relais.dispatch.DispatchIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.telemetry.Telemetry;
import dev.relais.smsc.SmscSimulatorConfig;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * "An MO STOP is one trace: deliver_sm, contacts' opt-out, and the suppression dispatch applies": a
 * STOP the SMSC delivers is a deliver_sm span, contacts handles it in that trace (the call carries
 * the context), and the dispatcher applies the opt-out it then reads from contacts' log in the same
 * trace, while an opt-out recorded outside any trace makes no span. With the sampling ratio at 0,
 * an MO makes no span at all. No span attribute holds the number or the text.
 */
class DispatchMoTraceIT {

  private static final String REPLIES_STOP = "+33611119001";
  private static final String OPTS_OUT_BY_API = "+33611119002";
  private static final String PROCESS_INBOUND = "relais.contacts.v1.ContactsService/ProcessInbound";

  @Test
  void aSampledStopIsOneTraceFromDeliverSmToTheAppliedOptOut() throws Exception {
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    try (DispatchHarness harness = new DispatchHarness(SmscSimulatorConfig.builder(), 2)) {
      Telemetry telemetry = Telemetry.create("dispatch", exported, 1.0);
      List<SpanData> spans = new ArrayList<>();
      try (DispatchServer dispatcher = startDispatcher(harness, "1.0", telemetry)) {
        assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
        harness.contacts.optOut(OPTS_OUT_BY_API);
        harness.smsc.injectMo(REPLIES_STOP, "36180", "STOP");

        await(
            Duration.ofSeconds(30),
            () -> {
              spans.clear();
              spans.addAll(flushed(telemetry, exported));
              return spans.stream().anyMatch(s -> s.getName().equals("apply opt-out"));
            });
        readOneMoreLog(harness);
        spans.clear();
        // Read before the dispatcher closes its SDK, which shuts the exporter down (and clears it).
        spans.addAll(flushed(telemetry, exported));
      }
      List<SpanData> contactsSpans = harness.fakeSpans();

      SpanData deliverSm = only(spans, "deliver_sm");
      assertThat(deliverSm.getKind()).isEqualTo(SpanKind.SERVER);
      assertThat(deliverSm.getParentSpanContext().isValid()).isFalse();
      assertThat(deliverSm.getAttributes().get(MessageTracing.ROUTE)).isEqualTo(harness.route);
      assertThat(deliverSm.getAttributes().get(MessageTracing.SESSION)).isBetween(0L, 1L);
      assertThat(deliverSm.getAttributes().get(MessageTracing.INBOUND_STOP)).isTrue();

      SpanData call = only(spans, PROCESS_INBOUND);
      assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
      assertThat(call.getTraceId()).isEqualTo(deliverSm.getTraceId());
      assertThat(call.getParentSpanId()).isEqualTo(deliverSm.getSpanId());

      SpanData handled = only(contactsSpans, PROCESS_INBOUND);
      assertThat(handled.getKind()).isEqualTo(SpanKind.SERVER);
      assertThat(handled.getTraceId()).isEqualTo(deliverSm.getTraceId());
      assertThat(handled.getParentSpanId()).isEqualTo(call.getSpanId());

      // One apply span: the opt-out by API carries no trace and makes none.
      SpanData applied = only(spans, "apply opt-out");
      assertThat(applied.getTraceId()).isEqualTo(deliverSm.getTraceId());
      assertThat(applied.getParentSpanId()).isEqualTo(handled.getSpanId());
      assertThat(applied.getAttributes().get(MessageTracing.ROUTE)).isEqualTo(harness.route);
      // This dispatcher suppressed the number when contacts answered, before reading the log.
      assertThat(applied.getAttributes().get(MessageTracing.ALREADY_SUPPRESSED)).isTrue();
      assertThat(applied.getStartEpochNanos()).isGreaterThanOrEqualTo(handled.getEndEpochNanos());

      List<SpanData> all = new ArrayList<>(spans);
      all.addAll(contactsSpans);
      assertThat(all)
          .allSatisfy(s ->
              assertThat(s.getAttributes().asMap().values())
                  .allSatisfy(v -> assertThat(String.valueOf(v)).doesNotContain("611119", "STOP")));
    }
  }

  @Test
  void withSamplingAtZeroAnMoMakesNoSpan() throws Exception {
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    try (DispatchHarness harness = new DispatchHarness(SmscSimulatorConfig.builder(), 2)) {
      Telemetry telemetry = Telemetry.create("dispatch", exported, 1.0);
      List<SpanData> spans;
      try (DispatchServer dispatcher = startDispatcher(harness, "0", telemetry)) {
        assertThat(dispatcher.awaitBound(Duration.ofSeconds(20))).isTrue();
        harness.smsc.injectMo(REPLIES_STOP, "36180", "STOP");
        await(Duration.ofSeconds(10), () -> !harness.contacts.inbound.isEmpty());
        readOneMoreLog(harness);
        spans = flushed(telemetry, exported);
      }

      // Handled all the same: contacts got it and recorded the opt-out, without a trace.
      assertThat(harness.contacts.optOuts())
          .singleElement()
          .satisfies(e -> assertThat(e.getTraceparent()).isEmpty());
      assertThat(spans).isEmpty();
      assertThat(harness.fakeSpans()).isEmpty();
    }
  }

  private static DispatchServer startDispatcher(
      DispatchHarness harness, String sampling, Telemetry telemetry) {
    return harness.startDispatcher(
        "dispatch-mo-trace-it",
        Map.of("dispatch.optoutpoll", "PT0.2S", "telemetry.message.sampling", sampling),
        telemetry);
  }

  /** Waits until the dispatcher has read contacts' opt-out log once more after this call. */
  private static void readOneMoreLog(DispatchHarness harness) throws InterruptedException {
    int reads = harness.contacts.logReads.get();
    await(Duration.ofSeconds(10), () -> harness.contacts.logReads.get() >= reads + 2);
  }

  private static SpanData only(List<SpanData> spans, String name) {
    List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as(name).hasSize(1);
    return named.get(0);
  }

  private static List<SpanData> flushed(Telemetry telemetry, InMemorySpanExporter exporter) {
    ((OpenTelemetrySdk) telemetry.openTelemetry())
        .getSdkTracerProvider()
        .forceFlush()
        .join(10, TimeUnit.SECONDS);
    return List.copyOf(exporter.getFinishedSpanItems());
  }
}
