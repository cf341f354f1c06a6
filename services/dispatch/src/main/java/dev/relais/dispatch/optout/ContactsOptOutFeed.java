package dev.relais.dispatch.optout;

import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ListOptOutsRequest;
import dev.relais.proto.contacts.v1.ListOptOutsResponse;
import io.grpc.Channel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Calls {@code relais.contacts.v1.ContactsService/ListOptOuts}. */
public final class ContactsOptOutFeed implements OptOutFeed {

  private final ContactsServiceGrpc.ContactsServiceBlockingStub stub;
  private final Duration deadline;

  public ContactsOptOutFeed(Channel channel, Duration deadline) {
    this.stub = ContactsServiceGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  @Override
  public ListOptOutsResponse list(ListOptOutsRequest request) {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS).listOptOuts(request);
  }
}
