package dev.relais.analytics;

import com.google.protobuf.Duration;
import dev.relais.analytics.conversion.AttributionWindows;
import dev.relais.analytics.conversion.CampaignWindows;
import dev.relais.analytics.conversion.ConversionIngest;
import dev.relais.analytics.events.EventBatchValidator;
import dev.relais.common.grpc.GrpcErrors;
import dev.relais.proto.analytics.v1.CampaignAttribution;
import dev.relais.proto.analytics.v1.ConversionsServiceGrpc;
import dev.relais.proto.analytics.v1.RecordConversionRequest;
import dev.relais.proto.analytics.v1.RecordConversionResponse;
import dev.relais.proto.analytics.v1.SetCampaignAttributionRequest;
import io.grpc.stub.StreamObserver;
import java.util.Optional;

/** The gRPC {@code relais.analytics.v1.ConversionsService}. */
final class ConversionsGrpcService extends ConversionsServiceGrpc.ConversionsServiceImplBase {

  private final ConversionIngest ingest;
  private final CampaignWindows windows;

  ConversionsGrpcService(ConversionIngest ingest, CampaignWindows windows) {
    this.ingest = ingest;
    this.windows = windows;
  }

  @Override
  public void recordConversion(
      RecordConversionRequest request, StreamObserver<RecordConversionResponse> response) {
    GrpcErrors.answer(response, "analytics", () -> ingest.record(request));
  }

  @Override
  public void setCampaignAttribution(
      SetCampaignAttributionRequest request, StreamObserver<CampaignAttribution> response) {
    GrpcErrors.answer(
        response,
        "analytics",
        () -> {
          String campaign = request.getCampaignId();
          if (campaign.isBlank()) {
            throw new IllegalArgumentException("campaign_id is required");
          }
          if (campaign.length() > EventBatchValidator.MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                "campaign_id is longer than " + EventBatchValidator.MAX_ID_LENGTH + " characters");
          }
          AttributionWindows set =
              windows.set(
                  campaign,
                  new CampaignWindows.Setting(
                      request.hasClickWindow()
                          ? Optional.of(duration(request.getClickWindow()))
                          : Optional.empty(),
                      request.hasDeliveryWindow()
                          ? Optional.of(duration(request.getDeliveryWindow()))
                          : Optional.empty()));
          return CampaignAttribution.newBuilder()
              .setCampaignId(campaign)
              .setClickWindow(proto(set.click()))
              .setDeliveryWindow(proto(set.delivery()))
              .build();
        });
  }

  private static java.time.Duration duration(Duration d) {
    return java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
  }

  private static Duration proto(java.time.Duration d) {
    return Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
  }
}
