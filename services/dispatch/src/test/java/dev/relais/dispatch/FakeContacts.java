package dev.relais.dispatch;

import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.InboundAction;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.InboundResult;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/** A contacts service that records inbound messages and opts out the senders of "STOP". */
final class FakeContacts extends ContactsServiceGrpc.ContactsServiceImplBase {

  final List<InboundMessage> inbound = new CopyOnWriteArrayList<>();

  @Override
  public void processInbound(InboundMessage request, StreamObserver<InboundResult> response) {
    inbound.add(request);
    boolean stop = request.getText().strip().toUpperCase(Locale.ROOT).equals("STOP");
    response.onNext(
        InboundResult.newBuilder()
            .setAction(
                stop ? InboundAction.INBOUND_ACTION_OPTED_OUT : InboundAction.INBOUND_ACTION_NONE)
            .setPhone(request.getFrom())
            .build());
    response.onCompleted();
  }
}
