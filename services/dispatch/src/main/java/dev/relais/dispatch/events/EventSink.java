package dev.relais.dispatch.events;

import dev.relais.proto.analytics.v1.RecordEventsRequest;
import java.util.concurrent.CompletableFuture;

/** Where event batches go: analytics over gRPC in the service, a recorder in tests. */
@FunctionalInterface
public interface EventSink {

  /** Sends one batch; completes normally only once analytics has stored it. */
  CompletableFuture<Void> record(RecordEventsRequest batch);
}
