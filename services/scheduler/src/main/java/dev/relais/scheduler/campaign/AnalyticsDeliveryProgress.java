package dev.relais.scheduler.campaign;

import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.scheduler.v1.DeliveryCounts;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Asks the analytics service ({@code GetCampaignStats}) how far dispatch got. */
public final class AnalyticsDeliveryProgress implements DeliveryProgress {

  private final Channel channel;
  private final Duration timeout;

  public AnalyticsDeliveryProgress(Channel channel, Duration timeout) {
    this.channel = channel;
    this.timeout = timeout;
  }

  @Override
  public Resolution resolved(String campaignId) {
    try {
      CampaignStats stats =
          AnalyticsServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .getCampaignStats(
                  GetCampaignStatsRequest.newBuilder().setCampaignId(campaignId).build());
      return Resolution.of(
          DeliveryCounts.newBuilder()
              .setSubmitted(stats.getSubmitted())
              .setDelivered(stats.getDelivered())
              .setFailed(stats.getSubmitFailed() + stats.getUndelivered())
              .setSubmitFailed(stats.getSubmitFailed())
              .setExpired(stats.getExpired())
              .setOptedOut(stats.getOptedOut())
              .setDeliveryUnknown(stats.getDeliveryUnknown())
              .setDeliveryRate(stats.getDeliveryRate())
              .build());
    } catch (StatusRuntimeException e) {
      String description = e.getStatus().getDescription();
      return Resolution.unavailable(
          e.getStatus().getCode() + (description == null ? "" : " " + description));
    }
  }
}
