package dev.relais.cli.report;

import dev.relais.operator.api.Campaign;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.CampaignTimeline;
import java.time.Instant;
import java.util.Objects;

/**
 * What a report is made from: the Campaign resource (its spec, and the status the operator keeps),
 * and what analytics counts for it (its stats and timeline).
 *
 * @param campaign the resource as read from Kubernetes
 * @param stats analytics' counts for the campaign
 * @param timeline analytics' counted events over time and failures by error code
 * @param readAt when these were read
 */
public record CampaignResults(
    Campaign campaign, CampaignStats stats, CampaignTimeline timeline, Instant readAt) {

  public CampaignResults {
    Objects.requireNonNull(campaign);
    Objects.requireNonNull(stats);
    Objects.requireNonNull(timeline);
    Objects.requireNonNull(readAt);
  }

  /** The status, or an empty one for a campaign the operator has not reported on yet. */
  public Campaign.Status status() {
    return campaign.getStatus() == null ? new Campaign.Status() : campaign.getStatus();
  }

  /** {@code namespace/name}. */
  public String id() {
    return campaign.getMetadata().getNamespace() + "/" + campaign.getMetadata().getName();
  }
}
