package dev.relais.dispatch.inbound;

import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.InboundResult;

/** Where inbound messages go: contacts over gRPC in the service, a recorder in tests. */
@FunctionalInterface
public interface InboundGateway {

  /** Processes one inbound message; throws if contacts could not take it. */
  InboundResult process(InboundMessage message);
}
