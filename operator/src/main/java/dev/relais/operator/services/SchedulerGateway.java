package dev.relais.operator.services;

import dev.relais.proto.analytics.v1.SetCampaignAttributionRequest;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.Route;
import java.util.Optional;

/**
 * What the operator asks of the scheduler: keep a campaign or route as declared, and report a
 * campaign's progress. Every call may throw {@link ServiceCallException}.
 */
public interface SchedulerGateway {

  /** Creates or updates the campaign (idempotent on id and generation); its progress after. */
  CampaignProgress upsertCampaign(String scheduler, Campaign campaign);

  /** The campaign's progress, or empty when the scheduler does not know it. */
  Optional<CampaignProgress> campaign(
      String scheduler, Optional<String> analytics, String campaignId);

  /**
   * Sets the campaign's conversion attribution windows in analytics (idempotent); a refusal throws
   * a rejected {@link ServiceCallException}.
   */
  void setAttribution(String analytics, SetCampaignAttributionRequest request);

  /** Declares or updates a route the scheduler may queue messages for. */
  void upsertRoute(String scheduler, Route route);
}
