package dev.relais.scheduler.campaign;

import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.analytics.v1.VariantStats;
import dev.relais.proto.scheduler.v1.DeliveryCounts;
import dev.relais.proto.scheduler.v1.Money;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Asks the analytics service ({@code GetCampaignStats}) how far dispatch got, and which conversions
 * and revenue it attributes to the campaign (none until conversions are recorded).
 */
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
      Map<String, DeliveryCounts> variants = new LinkedHashMap<>();
      for (VariantStats variant : stats.getVariantsList()) {
        variants.put(
            variant.getVariant(),
            counts(
                    variant.getSubmitted(),
                    variant.getDelivered(),
                    variant.getSubmitFailed(),
                    variant.getUndelivered(),
                    variant.getExpired(),
                    variant.getOptedOut(),
                    variant.getDeliveryUnknown(),
                    variant.getDeliveryRate())
                .setConversions(variant.getConversions())
                .addAllRevenue(revenue(variant.getRevenueList()))
                .build());
      }
      return Resolution.of(
          counts(
                  stats.getSubmitted(),
                  stats.getDelivered(),
                  stats.getSubmitFailed(),
                  stats.getUndelivered(),
                  stats.getExpired(),
                  stats.getOptedOut(),
                  stats.getDeliveryUnknown(),
                  stats.getDeliveryRate())
              .setConversions(stats.getConversions())
              .addAllRevenue(revenue(stats.getRevenueList()))
              .build(),
          variants);
    } catch (StatusRuntimeException e) {
      String description = e.getStatus().getDescription();
      return Resolution.unavailable(
          e.getStatus().getCode() + (description == null ? "" : " " + description));
    }
  }

  /** Analytics' revenue per currency, as the scheduler states money. */
  private static List<Money> revenue(List<dev.relais.proto.analytics.v1.Money> revenue) {
    return revenue.stream()
        .map(m -> Money.newBuilder().setAmount(m.getAmount()).setCurrency(m.getCurrency()).build())
        .toList();
  }

  private static DeliveryCounts.Builder counts(
      long submitted,
      long delivered,
      long submitFailed,
      long undelivered,
      long expired,
      long optedOut,
      long deliveryUnknown,
      double deliveryRate) {
    return DeliveryCounts.newBuilder()
        .setSubmitted(submitted)
        .setDelivered(delivered)
        .setFailed(submitFailed + undelivered)
        .setSubmitFailed(submitFailed)
        .setExpired(expired)
        .setOptedOut(optedOut)
        .setDeliveryUnknown(deliveryUnknown)
        .setDeliveryRate(deliveryRate);
  }
}
