package dev.relais.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.telemetry.TraceParent;
import dev.relais.contacts.optout.OptOutRecorder;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.InboundAction;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.ListOptOutsRequest;
import dev.relais.proto.contacts.v1.OptOutEntry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * "An MO STOP's trace reaches contacts": a ProcessInbound call made in a trace (as a dispatcher
 * makes it under its deliver_sm span) is a server span of that trace with an {@code opt out} span
 * naming the outcome, and the opt-out log entry it writes carries that span's context to the
 * dispatchers (ListOptOuts); a call made outside any trace writes no context. No span attribute
 * holds a number or a text.
 */
class OptOutTraceIT {

  private static final String CONTACT = "+33612349101";
  private static final String STRANGER = "+33612349102";
  private static final String UNTRACED = "+33612349103";
  private static final String PROCESS_INBOUND = "relais.contacts.v1.ContactsService/ProcessInbound";

  @Test
  void aStopInATraceIsRecordedInItAndItsLogEntryCarriesTheTrace() throws Exception {
    InMemorySpanExporter contactsSpans = InMemorySpanExporter.create();
    InMemorySpanExporter dispatchSpans = InMemorySpanExporter.create();
    Telemetry contactsTelemetry = Telemetry.create("contacts", contactsSpans, 1.0);
    try (ContactsHarness harness = new ContactsHarness(Map.of(), contactsTelemetry);
        Telemetry dispatch = Telemetry.create("dispatch", dispatchSpans, 1.0)) {
      harness.importer.importRecords(
          List.of(ContactRecord.newBuilder().setPhone(CONTACT).build()),
          ImportOptions.newBuilder().setList("trace-it").build());
      ContactsServiceGrpc.ContactsServiceBlockingStub traced =
          ContactsServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", harness.server.port()), dispatch));

      SpanContext contactStop = stopInTrace(dispatch, traced, CONTACT);
      SpanContext strangerStop = stopInTrace(dispatch, traced, STRANGER);
      SpanContext repeatedStop = stopInTrace(dispatch, traced, CONTACT);
      // Outside any span: a poller's or a script's call, not sampled.
      assertThat(stop(traced, UNTRACED)).isEqualTo(InboundAction.INBOUND_ACTION_OPTED_OUT);

      List<SpanData> server = flushed(contactsTelemetry, contactsSpans);
      List<SpanData> client = flushed(dispatch, dispatchSpans);

      assertThat(outcomeIn(contactStop, server, client)).isEqualTo("recorded");
      assertThat(outcomeIn(strangerStop, server, client)).isEqualTo("unknown contact");
      assertThat(outcomeIn(repeatedStop, server, client)).isEqualTo("already opted out");
      // The untraced call made no span of its own (only the three traces above).
      assertThat(server)
          .extracting(SpanData::getTraceId)
          .containsOnly(
              contactStop.getTraceId(), strangerStop.getTraceId(), repeatedStop.getTraceId());

      // The log entries carry the context of their opt out span; the untraced one none, and the
      // repeated STOP wrote no entry.
      List<OptOutEntry> log =
          harness
              .contacts
              .listOptOuts(ListOptOutsRequest.newBuilder().setAfterPosition(0).build())
              .getEntriesList();
      assertThat(log)
          .extracting(OptOutEntry::getPhone)
          .containsExactly(CONTACT, STRANGER, UNTRACED);
      assertThat(log.get(0).getTraceparent())
          .isEqualTo(TraceParent.of(optOutSpan(contactStop, server).getSpanContext()));
      assertThat(log.get(1).getTraceparent())
          .isEqualTo(TraceParent.of(optOutSpan(strangerStop, server).getSpanContext()));
      assertThat(log.get(2).getTraceparent()).isEmpty();
      // A read by time carries no trace: only the log tail is applied in the opt-out's trace.
      assertThat(
              harness
                  .contacts
                  .listOptOuts(ListOptOutsRequest.getDefaultInstance())
                  .getEntriesList())
          .extracting(OptOutEntry::getTraceparent)
          .containsOnly("");

      assertThat(server)
          .allSatisfy(s ->
              assertThat(s.getAttributes().asMap().values())
                  .allSatisfy(v -> assertThat(String.valueOf(v)).doesNotContain("612349", "STOP")));
    }
  }

  /** A STOP from {@code phone} sent under a span of its own, as a dispatcher's deliver_sm. */
  private static SpanContext stopInTrace(
      Telemetry dispatch, ContactsServiceGrpc.ContactsServiceBlockingStub contacts, String phone) {
    Span deliverSm =
        dispatch.tracer().spanBuilder("deliver_sm").setSpanKind(SpanKind.CONSUMER).startSpan();
    try (Scope ignored = deliverSm.makeCurrent()) {
      assertThat(stop(contacts, phone)).isEqualTo(InboundAction.INBOUND_ACTION_OPTED_OUT);
    } finally {
      deliverSm.end();
    }
    return deliverSm.getSpanContext();
  }

  private static InboundAction stop(
      ContactsServiceGrpc.ContactsServiceBlockingStub contacts, String phone) {
    return contacts
        .processInbound(
            InboundMessage.newBuilder().setFrom(phone).setTo("36180").setText("STOP").build())
        .getAction();
  }

  /**
   * The outcome of the opt out span in the trace of {@code deliverSm}, after checking its parents:
   * opt out under contacts' server span, under the caller's client span, under deliver_sm.
   */
  private static String outcomeIn(
      SpanContext deliverSm, List<SpanData> server, List<SpanData> client) {
    SpanData call = only(client, deliverSm.getTraceId(), PROCESS_INBOUND);
    assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(call.getParentSpanId()).isEqualTo(deliverSm.getSpanId());
    SpanData handled = only(server, deliverSm.getTraceId(), PROCESS_INBOUND);
    assertThat(handled.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(handled.getParentSpanId()).isEqualTo(call.getSpanId());
    SpanData optOut = optOutSpan(deliverSm, server);
    assertThat(optOut.getParentSpanId()).isEqualTo(handled.getSpanId());
    assertThat(optOut.getAttributes().get(OptOutRecorder.SOURCE)).isEqualTo("KEYWORD");
    return optOut.getAttributes().get(OptOutRecorder.OUTCOME);
  }

  private static SpanData optOutSpan(SpanContext deliverSm, List<SpanData> server) {
    return only(server, deliverSm.getTraceId(), "opt out");
  }

  private static SpanData only(List<SpanData> spans, String traceId, String name) {
    List<SpanData> found =
        spans.stream()
            .filter(s -> s.getTraceId().equals(traceId) && s.getName().equals(name))
            .toList();
    assertThat(found).as(name + " in trace " + traceId).hasSize(1);
    return found.get(0);
  }

  private static List<SpanData> flushed(Telemetry telemetry, InMemorySpanExporter exporter) {
    ((OpenTelemetrySdk) telemetry.openTelemetry())
        .getSdkTracerProvider()
        .forceFlush()
        .join(10, TimeUnit.SECONDS);
    return exporter.getFinishedSpanItems();
  }
}
