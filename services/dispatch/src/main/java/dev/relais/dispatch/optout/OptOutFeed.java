package dev.relais.dispatch.optout;

import dev.relais.proto.contacts.v1.ListOptOutsRequest;
import dev.relais.proto.contacts.v1.ListOptOutsResponse;

/** Where recent opt-outs are read from: contacts over gRPC in the service, a list in tests. */
@FunctionalInterface
public interface OptOutFeed {

  /** One page of {@code ListOptOuts}; throws if contacts could not answer. */
  ListOptOutsResponse list(ListOptOutsRequest request);
}
