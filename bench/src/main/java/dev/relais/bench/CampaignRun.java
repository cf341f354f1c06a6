package dev.relais.bench;

import dev.relais.local.launcher.LocalPlatform;
import dev.relais.local.launcher.ManifestTranslator;
import dev.relais.operator.api.Campaign;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.smsc.SmscSimulator;
import java.time.Duration;
import java.time.Instant;

/**
 * One campaign handed to the scheduler and followed until every message is resolved and its
 * receipts are back, printing progress every 5 s: the figures the benchmark reports.
 */
record CampaignRun(
    CampaignStatus status,
    CampaignStats stats,
    double firstSubmitSeconds,
    double sendSeconds,
    double receiptsSeconds) {

  /** Messages submitted per second, from the campaign's acceptance to its last resolution. */
  double throughput() {
    return stats.getSubmitted() / sendSeconds;
  }

  static CampaignRun follow(
      LocalPlatform platform,
      Campaign campaign,
      dev.relais.proto.scheduler.v1.Campaign request,
      SmscSimulator simulator)
      throws InterruptedException {
    String id = ManifestTranslator.campaignId(campaign);
    long submitsBefore = simulator.stats().submitsReceived();
    Instant start = Instant.now();
    platform.scheduler().upsertCampaign(request);
    Instant firstSubmit = null;
    Instant lastLine = start;
    Instant allSubmitted = null;
    while (true) {
      CampaignStatus status =
          platform.scheduler().getCampaign(GetCampaignRequest.newBuilder().setId(id).build());
      CampaignStats stats =
          platform
              .analytics()
              .getCampaignStats(GetCampaignStatsRequest.newBuilder().setCampaignId(id).build());
      long submits = simulator.stats().submitsReceived() - submitsBefore;
      if (firstSubmit == null && submits > 0) {
        firstSubmit = Instant.now();
      }
      long resolved = stats.getSubmitted() + stats.getSubmitFailed() + stats.getExpired();
      if (status.getExpansionComplete() && resolved >= status.getQueued() && allSubmitted == null) {
        allSubmitted = Instant.now();
      }
      if (allSubmitted != null
          && (stats.getDelivered() + stats.getUndelivered() >= stats.getSubmitted()
              || Duration.between(allSubmitted, Instant.now()).toSeconds() > 60)) {
        return new CampaignRun(
            status,
            stats,
            seconds(start, firstSubmit),
            seconds(start, allSubmitted),
            seconds(start, Instant.now()));
      }
      if (Duration.between(lastLine, Instant.now()).toSeconds() >= 5) {
        lastLine = Instant.now();
        System.out.printf(
            "  [%5.1fs] read %d  queued %d  submitted %d  delivered %d  SMSC received %d%n",
            seconds(start, lastLine),
            status.getAudience(),
            status.getQueued(),
            stats.getSubmitted(),
            stats.getDelivered(),
            submits);
      }
      if (Duration.between(start, Instant.now()).toMinutes() > 30) {
        throw new IllegalStateException("campaign " + id + " did not complete within 30 minutes");
      }
      Thread.sleep(100);
    }
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
