package dev.relais.local.launcher;

import com.google.protobuf.Timestamp;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmppRoute;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.Sender;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Turns custom resources into what the services take: the scheduler's routes and campaigns, and a
 * dispatch process's environment. The operator's reconcilers will do the same against a cluster;
 * until then the local launcher applies manifests through this translation.
 */
public final class ManifestTranslator {

  private ManifestTranslator() {}

  /** Campaign id in the services: {@code namespace/name}. */
  public static String campaignId(Campaign campaign) {
    return Objects.requireNonNullElse(campaign.getMetadata().getNamespace(), "default")
        + "/"
        + campaign.getMetadata().getName();
  }

  public static Route route(SmppRoute route) {
    return Route.newBuilder()
        .setName(route.getMetadata().getName())
        .addAllPrefixes(route.getSpec().prefixes)
        .setPriority(Objects.requireNonNullElse(route.getSpec().priority, 0))
        .setShards(Objects.requireNonNullElse(route.getSpec().shards, 16))
        .setCostPerSegment(Objects.requireNonNullElse(route.getSpec().costPerSegment, ""))
        .build();
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
    CampaignSpec spec = campaign.getSpec();
    boolean marketing = "marketing".equals(spec.type);
    var builder =
        dev.relais.proto.scheduler.v1.Campaign.newBuilder()
            .setId(campaignId(campaign))
            .setGeneration(campaign.getMetadata().getGeneration())
            .setType(
                marketing
                    ? CampaignType.CAMPAIGN_TYPE_MARKETING
                    : CampaignType.CAMPAIGN_TYPE_TRANSACTIONAL)
            .setSender(
                Sender.newBuilder()
                    .setValue(sender.getSpec().value)
                    .setStopMention(Objects.requireNonNullElse(sender.getSpec().stopMention, "")))
            .setTemplate(spec.template)
            .setPolicy(
                Objects.requireNonNullElse(
                    spec.policy, marketing ? "fr-marketing" : "transactional"))
            .setDefaultRegion(Objects.requireNonNullElse(spec.defaultRegion, "FR"))
            .setSuspended(Boolean.TRUE.equals(spec.suspend))
            // A sender may only be used in its countries: they bound where the campaign may send.
            .addAllAllowedCountries(sender.getSpec().countries);
    if (segment != null) {
      builder.setAudienceList(Objects.requireNonNullElse(segment.getSpec().list, ""));
      builder.addAllAudienceTags(segment.getSpec().tags);
      builder.setAudienceFilter(Objects.requireNonNullElse(segment.getSpec().filter, ""));
    } else if (spec.audience != null) {
      builder.setAudienceList(Objects.requireNonNullElse(spec.audience.list, ""));
      builder.addAllAudienceTags(spec.audience.tags);
    }
    CampaignSpec.Schedule schedule = spec.schedule;
    if (schedule != null) {
      if (schedule.start != null) {
        builder.setStartAt(timestamp(OffsetDateTime.parse(schedule.start).toInstant()));
      }
      if (schedule.deadline != null) {
        builder.setDeadline(timestamp(OffsetDateTime.parse(schedule.deadline).toInstant()));
      }
      builder.setMaxRate(Objects.requireNonNullElse(schedule.maxRate, 0));
    }
    return builder.build();
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
