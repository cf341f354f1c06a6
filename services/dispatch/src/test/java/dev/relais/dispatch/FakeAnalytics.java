package dev.relais.dispatch;

import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import dev.relais.proto.analytics.v1.RecordEventsResponse;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** An analytics service that records the events it receives, counting a retried batch once. */
final class FakeAnalytics extends AnalyticsServiceGrpc.AnalyticsServiceImplBase {

  private final Set<String> batches = ConcurrentHashMap.newKeySet();
  private final List<MessageEvent> events = new CopyOnWriteArrayList<>();
  private final Map<EventType, Long> firstNanos = new ConcurrentHashMap<>();
  private final Map<EventType, Long> lastNanos = new ConcurrentHashMap<>();

  @Override
  public void recordEvents(
      RecordEventsRequest request, StreamObserver<RecordEventsResponse> response) {
    if (batches.add(request.getBatchId())) {
      events.addAll(request.getEventsList());
      long now = System.nanoTime();
      for (MessageEvent e : request.getEventsList()) {
        firstNanos.putIfAbsent(e.getType(), now);
        lastNanos.put(e.getType(), now);
      }
    }
    response.onNext(
        RecordEventsResponse.newBuilder().setAccepted(request.getEventsCount()).build());
    response.onCompleted();
  }

  List<MessageEvent> events(EventType type) {
    return events.stream().filter(e -> e.getType() == type).toList();
  }

  long count(EventType type) {
    return events.stream().filter(e -> e.getType() == type).count();
  }

  /** Seconds between the first and the last batch holding events of a type. */
  double spanSeconds(EventType type) {
    Long first = firstNanos.get(type);
    Long last = lastNanos.get(type);
    return first == null || last == null ? 0 : (last - first) / 1e9;
  }

  int total() {
    return events.size();
  }
}
