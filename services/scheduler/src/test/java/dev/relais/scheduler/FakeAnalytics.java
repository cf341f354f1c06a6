package dev.relais.scheduler;

import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** An analytics service whose per-campaign counts a test sets. */
final class FakeAnalytics extends AnalyticsServiceGrpc.AnalyticsServiceImplBase {

  private final Map<String, CampaignStats> stats = new ConcurrentHashMap<>();

  void set(String campaignId, long submitted, long submitFailed, long expired) {
    stats.put(
        campaignId,
        CampaignStats.newBuilder()
            .setCampaignId(campaignId)
            .setSubmitted(submitted)
            .setSubmitFailed(submitFailed)
            .setExpired(expired)
            .build());
  }

  void set(CampaignStats campaignStats) {
    stats.put(campaignStats.getCampaignId(), campaignStats);
  }

  @Override
  public void getCampaignStats(
      GetCampaignStatsRequest request, StreamObserver<CampaignStats> response) {
    response.onNext(
        stats.getOrDefault(
            request.getCampaignId(),
            CampaignStats.newBuilder().setCampaignId(request.getCampaignId()).build()));
    response.onCompleted();
  }
}
