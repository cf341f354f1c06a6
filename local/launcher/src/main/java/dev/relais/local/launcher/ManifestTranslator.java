package dev.relais.local.launcher;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmppRoute;
import dev.relais.operator.model.CampaignRequestBuilder;
import dev.relais.proto.scheduler.v1.Route;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns custom resources into what the services take: the scheduler's routes and campaigns, and a
 * dispatch process's environment. The operator's reconcilers will do the same against a cluster;
 * until then the local launcher applies manifests through this translation.
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

  /** Environment of the dispatch process of a route, as its Deployment would set it. */
  public static Map<String, String> dispatchEnvironment(
      SmppRoute route, String host, int port, String password, int replicas) {
    var spec = route.getSpec();
    Map<String, String> env = new LinkedHashMap<>();
    env.put("DISPATCH_ROUTE", route.getMetadata().getName());
    env.put("SMPP_HOST", host);
    env.put("SMPP_PORT", Integer.toString(port));
    env.put("SMPP_SYSTEMID", spec.systemId);
    env.put("SMPP_PASSWORD", password);
    if (spec.systemType != null) {
      env.put("SMPP_SYSTEMTYPE", spec.systemType);
    }
    env.put("SMPP_SESSIONS", Integer.toString(Objects.requireNonNullElse(spec.sessions, 2)));
    env.put("SMPP_WINDOW", Integer.toString(Objects.requireNonNullElse(spec.windowSize, 32)));
    env.put(
        "SMPP_ENQUIRELINK", "PT" + Objects.requireNonNullElse(spec.enquireLinkSeconds, 30) + "S");
    // The route's TPS is shared by its replicas so that their sum never exceeds it.
    env.put("DISPATCH_TPS", Integer.toString(Math.max(1, spec.maxTps / Math.max(1, replicas))));
    return env;
  }

  /** The scheduler's view of a Campaign, with its SenderId and (optional) Segment resolved. */
  public static dev.relais.proto.scheduler.v1.Campaign campaign(
      Campaign campaign, SenderId sender, Segment segment) {
    return CampaignRequestBuilder.campaign(campaign, sender, Optional.ofNullable(segment));
  }
}
