package dev.relais.dispatch;

import dev.relais.common.telemetry.TraceParent;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.InboundAction;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.InboundResult;
import dev.relais.proto.contacts.v1.ListOptOutsRequest;
import dev.relais.proto.contacts.v1.ListOptOutsResponse;
import dev.relais.proto.contacts.v1.OptOutEntry;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A contacts service that records inbound messages, opts out the senders of "STOP", and serves the
 * opt-outs it recorded as the opt-out feed (one page, oldest first). As contacts does, an opt-out
 * recorded in a sampled trace carries that trace's context (here the server span's) in the log.
 */
final class FakeContacts extends ContactsServiceGrpc.ContactsServiceImplBase {

  final List<InboundMessage> inbound = new CopyOnWriteArrayList<>();
  private final List<OptOutEntry> optOuts = new CopyOnWriteArrayList<>();

  /** Reads of the opt-out log's tail served so far. */
  final AtomicInteger logReads = new AtomicInteger();

  /** Records an opt-out, as the contacts API or an import would. */
  void optOut(String phone) {
    optOut(phone, Span.current().getSpanContext());
  }

  private void optOut(String phone, SpanContext trace) {
    Instant now = Instant.now();
    OptOutEntry.Builder entry =
        OptOutEntry.newBuilder().setPhone(phone).setAt(ProtoTime.timestamp(now));
    if (trace.isSampled()) {
      entry.setTraceparent(TraceParent.of(trace));
    }
    optOuts.add(entry.build());
  }

  /** The opt-outs recorded so far, as the log serves them. */
  List<OptOutEntry> optOuts() {
    return List.copyOf(optOuts);
  }

  @Override
  public void processInbound(InboundMessage request, StreamObserver<InboundResult> response) {
    inbound.add(request);
    boolean stop = request.getText().strip().toUpperCase(Locale.ROOT).equals("STOP");
    if (stop) {
      optOut(request.getFrom());
    }
    response.onNext(
        InboundResult.newBuilder()
            .setAction(
                stop ? InboundAction.INBOUND_ACTION_OPTED_OUT : InboundAction.INBOUND_ACTION_NONE)
            .setPhone(request.getFrom())
            .build());
    response.onCompleted();
  }

  /** By time for a first load (all of them, the log's position first), else the log's tail. */
  @Override
  public void listOptOuts(
      ListOptOutsRequest request, StreamObserver<ListOptOutsResponse> response) {
    List<OptOutEntry> recorded = List.copyOf(optOuts);
    int from = request.hasAfterPosition() ? (int) request.getAfterPosition() : 0;
    if (request.hasAfterPosition()) {
      logReads.incrementAndGet();
    }
    response.onNext(
        ListOptOutsResponse.newBuilder()
            .addAllEntries(recorded.subList(Math.min(from, recorded.size()), recorded.size()))
            .setLogPosition(recorded.size())
            .build());
    response.onCompleted();
  }
}
