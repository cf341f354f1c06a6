package dev.relais.dispatch.inbound;

import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.InboundResult;
import io.grpc.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Calls {@code relais.contacts.v1.ContactsService/ProcessInbound}. */
public final class ContactsInboundGateway implements InboundGateway {

  private final ContactsServiceGrpc.ContactsServiceBlockingStub stub;
  private final Duration deadline;

  public ContactsInboundGateway(Channel channel, Duration deadline) {
    this.stub = ContactsServiceGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  @Override
  public InboundResult process(InboundMessage message) {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
        .processInbound(message);
  }
}
