package dev.relais.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import dev.relais.proto.analytics.v1.RecordEventsResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The errors a caller reads for bad input. Refused requests never reach storage, which is why the
 * service can be built without any here (a call that reached it would fail the test).
 */
class AnalyticsGrpcServiceTest {

  private final AnalyticsGrpcService service = new AnalyticsGrpcService(null, null, null);

  @Test
  void aBadEventRefusesTheBatchNamingItsIndex() {
    RecordEventsRequest request =
        RecordEventsRequest.newBuilder()
            .setBatchId("b1")
            .addEvents(event("c1", "m0", EventType.EVENT_TYPE_SUBMITTED))
            .addEvents(event("c1", "m1", EventType.EVENT_TYPE_SUBMITTED))
            .addEvents(event("c1", "m2", EventType.EVENT_TYPE_UNSPECIFIED))
            .build();
    Recording<RecordEventsResponse> response = new Recording<>();

    service.recordEvents(request, response);

    assertThat(response.values).isEmpty();
    assertThat(response.error.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(response.error.getDescription())
        .isEqualTo("batch refused, nothing recorded: event 2: type is required");
  }

  @Test
  void anOverlongBatchIdIsRefused() {
    RecordEventsRequest request =
        RecordEventsRequest.newBuilder()
            .setBatchId("b".repeat(257))
            .addEvents(event("c1", "m0", EventType.EVENT_TYPE_SUBMITTED))
            .build();
    Recording<RecordEventsResponse> response = new Recording<>();

    service.recordEvents(request, response);

    assertThat(response.error.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(response.error.getDescription()).contains("batch_id is at most 256 characters");
  }

  @Test
  void statsNeedACampaignId() {
    Recording<CampaignStats> response = new Recording<>();

    service.getCampaignStats(GetCampaignStatsRequest.getDefaultInstance(), response);

    assertThat(response.error.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(response.error.getDescription()).isEqualTo("campaign_id is required");
  }

  private static MessageEvent event(String campaign, String message, EventType type) {
    return MessageEvent.newBuilder()
        .setCampaignId(campaign)
        .setMessageId(message)
        .setType(type)
        .build();
  }

  /** Keeps what the service answered. */
  private static final class Recording<T> implements StreamObserver<T> {
    final List<T> values = new ArrayList<>();
    Status error;

    @Override
    public void onNext(T value) {
      values.add(value);
    }

    @Override
    public void onError(Throwable t) {
      error = Status.fromThrowable(t);
    }

    @Override
    public void onCompleted() {}
  }
}
