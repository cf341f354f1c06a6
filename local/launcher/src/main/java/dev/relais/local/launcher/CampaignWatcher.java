package dev.relais.local.launcher;

import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * Follows a campaign until it is completed and its delivery receipts are in, printing progress as
 * it goes (one updating line on a terminal, a line every few seconds in a log).
 */
final class CampaignWatcher {

  /** The last status and counts seen. */
  record Snapshot(CampaignStatus status, CampaignStats stats) {

    boolean completed() {
      return status.getPhase() == CampaignPhase.CAMPAIGN_PHASE_COMPLETED;
    }

    boolean receiptsIn() {
      return stats.getDelivered() + stats.getUndelivered() >= stats.getSubmitted();
    }
  }

  private final LocalPlatform platform;
  private final PrintStream out;
  private final boolean terminal = System.console() != null;

  CampaignWatcher(LocalPlatform platform, PrintStream out) {
    this.platform = platform;
    this.out = out;
  }

  Snapshot snapshot(String campaignId) {
    CampaignStatus status =
        platform.scheduler().getCampaign(GetCampaignRequest.newBuilder().setId(campaignId).build());
    CampaignStats stats =
        platform
            .analytics()
            .getCampaignStats(
                GetCampaignStatsRequest.newBuilder().setCampaignId(campaignId).build());
    return new Snapshot(status, stats);
  }

  /**
   * Waits for completion and receipts; after completion, receipts get {@code receiptGrace} more (an
   * SMSC may never send some). Fails if the campaign does not complete within {@code timeout}.
   */
  Snapshot await(String campaignId, Duration timeout, Duration receiptGrace) {
    Instant start = Instant.now();
    Instant giveUp = start.plus(timeout);
    Instant completedAt = null;
    Instant lastLine = Instant.EPOCH;
    while (true) {
      Snapshot s = snapshot(campaignId);
      Instant now = Instant.now();
      if (terminal || Duration.between(lastLine, now).toSeconds() >= 3) {
        print(s, Duration.between(start, now));
        lastLine = now;
      }
      if (s.completed() && completedAt == null) {
        completedAt = now;
      }
      if (s.completed() && (s.receiptsIn() || now.isAfter(completedAt.plus(receiptGrace)))) {
        print(s, Duration.between(start, now));
        if (terminal) {
          out.println();
        }
        return s;
      }
      if (s.status().getPhase() == CampaignPhase.CAMPAIGN_PHASE_FAILED) {
        throw new IllegalStateException("campaign failed: " + s.status().getMessage());
      }
      if (now.isAfter(giveUp)) {
        throw new IllegalStateException(
            "campaign not completed within " + timeout + " (phase " + s.status().getPhase() + ")");
      }
      sleep(terminal ? 250 : 500);
    }
  }

  private void print(Snapshot s, Duration elapsed) {
    CampaignStatus st = s.status();
    CampaignStats stats = s.stats();
    long resolved = stats.getSubmitted() + stats.getSubmitFailed() + stats.getExpired();
    int percent = st.getQueued() == 0 ? 0 : (int) Math.min(100, resolved * 100 / st.getQueued());
    String line =
        String.format(
            "[%5.1fs] %-9s audience %d  queued %d  submitted %d  delivered %d  failed %d  %3d%%",
            elapsed.toMillis() / 1000.0,
            st.getPhase().name().replace("CAMPAIGN_PHASE_", "").toLowerCase(),
            st.getAudience(),
            st.getQueued(),
            stats.getSubmitted(),
            stats.getDelivered(),
            stats.getSubmitFailed() + stats.getUndelivered(),
            percent);
    if (terminal) {
      out.print("\r" + line);
    } else {
      out.println(line);
    }
    out.flush();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
