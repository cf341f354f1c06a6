package dev.relais.common.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** An error's description reaches a grpc-java caller as written, whatever its characters. */
class StatusDescriptionTest {

  @Test
  void nonAsciiCharactersOfADescriptionArriveIntact() throws Exception {
    String description =
        "sender 'RÉLAIS' is not allowed: l’expéditeur coûte 0,05 € (100% of the budget)\tend";
    try (Telemetry telemetry = Telemetry.create("analytics", InMemorySpanExporter.create(), 1.0);
        ServiceServer server =
            ServiceServer.builder(ServiceConfig.of("analytics", Map.of()), telemetry)
                .grpc(
                    new AnalyticsServiceGrpc.AnalyticsServiceImplBase() {
                      @Override
                      public void getCampaignStats(
                          GetCampaignStatsRequest request, StreamObserver<CampaignStats> out) {
                        out.onError(
                            Status.INVALID_ARGUMENT
                                .withDescription(request.getCampaignId())
                                .asRuntimeException());
                      }
                    })
                .start()) {
      var stub =
          AnalyticsServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), telemetry));

      assertThatThrownBy(() ->
              stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                  .getCampaignStats(
                      GetCampaignStatsRequest.newBuilder().setCampaignId(description).build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).isEqualTo(description);
              });
    }
  }
}
