package dev.relais.local.launcher;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.model.CampaignRequestBuilder;
import dev.relais.proto.scheduler.v1.Route;
import java.util.Optional;

/**
 * Turns custom resources into what the scheduler takes, its routes and campaigns, as the operator's
 * reconcilers do, for the local platform's direct mode (no Kubernetes).
 */
public final class ManifestTranslator {

  private ManifestTranslator() {}

  /** Campaign id in the services: {@code namespace/name}. */
  public static String campaignId(Campaign campaign) {
    return CampaignRequestBuilder.campaignId(campaign);
  }

  /** The scheduler's view of a route, as the operator declares it. */
  public static Route route(SmppRoute route) {
    return CampaignRequestBuilder.route(route);
  }

  /** The scheduler's view of a Campaign, with its SenderId and (optional) Segment resolved. */
  public static dev.relais.proto.scheduler.v1.Campaign campaign(
      Campaign campaign, SenderId sender, Segment segment) {
    return CampaignRequestBuilder.campaign(campaign, sender, Optional.ofNullable(segment));
  }
}
