package dev.relais.operator.model;

import com.google.protobuf.Timestamp;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmppRoute;
import dev.relais.proto.scheduler.v1.AbTest;
import dev.relais.proto.scheduler.v1.AbTestMethod;
import dev.relais.proto.scheduler.v1.AbTestMetric;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.FrequencyCap;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.Sender;
import dev.relais.proto.scheduler.v1.Variant;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/** The scheduler's view of a Campaign (with its SenderId and Segment resolved) and of a route. */
public final class CampaignRequestBuilder {

  private CampaignRequestBuilder() {}

  /** Campaign id in the services: {@code namespace/name}. */
  public static String campaignId(Campaign campaign) {
    return Objects.requireNonNullElse(campaign.getMetadata().getNamespace(), "default")
        + "/"
        + campaign.getMetadata().getName();
  }

  /** The campaign as the scheduler takes it, at the resource's generation. */
  public static dev.relais.proto.scheduler.v1.Campaign campaign(
      Campaign campaign, SenderId sender, Optional<Segment> segment) {
    return campaign(campaign, sender, segment, Instant.now());
  }

  /**
   * The campaign as the scheduler takes it; {@code now} stands for the creation of a resource not
   * stored yet (see {@link AbTestTiming}).
   */
  public static dev.relais.proto.scheduler.v1.Campaign campaign(
      Campaign campaign, SenderId sender, Optional<Segment> segment, Instant now) {
    CampaignSpec spec = campaign.getSpec();
    boolean marketing = "marketing".equals(spec.type);
    var builder =
        dev.relais.proto.scheduler.v1.Campaign.newBuilder()
            .setId(campaignId(campaign))
            .setGeneration(Objects.requireNonNullElse(campaign.getMetadata().getGeneration(), 1L))
            .setType(
                marketing
                    ? CampaignType.CAMPAIGN_TYPE_MARKETING
                    : CampaignType.CAMPAIGN_TYPE_TRANSACTIONAL)
            .setSender(
                Sender.newBuilder()
                    .setValue(sender.getSpec().value.strip())
                    .setStopMention(Objects.requireNonNullElse(sender.getSpec().stopMention, "")))
            .setTemplate(spec.template)
            .setLandingUrl(Objects.requireNonNullElse(spec.landingUrl, "").strip())
            .setPolicy(
                Objects.requireNonNullElse(
                    spec.policy, marketing ? "fr-marketing" : "transactional"))
            .setDefaultRegion(Objects.requireNonNullElse(spec.defaultRegion, "FR"))
            .setSuspended(Boolean.TRUE.equals(spec.suspend))
            .setMaxParts(Objects.requireNonNullElse(spec.maxParts, 0))
            .setTransliterate(Boolean.TRUE.equals(spec.transliterate));
    if (spec.variants != null) {
      // They replace the template: each recipient receives one variant's text (see the CRD).
      for (CampaignSpec.Variant variant : spec.variants) {
        builder.addVariants(
            Variant.newBuilder()
                .setName(variant.name)
                .setWeight(Objects.requireNonNullElse(variant.weight, 1))
                .setTemplate(variant.template));
      }
    }
    if (segment.isPresent()) {
      // Prices the cost estimate the scheduler reports before any message is queued.
      Segment.Status estimated = segment.get().getStatus();
      if (estimated != null && estimated.estimatedSize != null && estimated.estimatedSize > 0) {
        builder.setAudienceEstimate(estimated.estimatedSize);
      }
      builder.setAudienceList(Objects.requireNonNullElse(segment.get().getSpec().list, ""));
      builder.addAllAudienceTags(segment.get().getSpec().tags);
      builder.setAudienceFilter(Objects.requireNonNullElse(segment.get().getSpec().filter, ""));
    } else if (spec.audience != null) {
      builder.setAudienceList(Objects.requireNonNullElse(spec.audience.list, ""));
      builder.addAllAudienceTags(spec.audience.tags);
    }
    // Recipients only where the sender may be used (against SMS pumping).
    builder.addAllAllowedCountries(sender.getSpec().countries);
    if (spec.frequencyCap != null) {
      builder.setFrequencyCap(
          FrequencyCap.newBuilder()
              .setMaxMessages(Objects.requireNonNullElse(spec.frequencyCap.maxMessages, 0))
              .setPeriodDays(Objects.requireNonNullElse(spec.frequencyCap.periodDays, 0)));
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
      builder.setTimeZone(Objects.requireNonNullElse(schedule.timeZone, ""));
    }
    if (spec.abTest != null) {
      builder.setAbTest(abTest(campaign, now));
    }
    return builder.build();
  }

  private static AbTest abTest(Campaign campaign, Instant now) {
    CampaignSpec.AbTest test = campaign.getSpec().abTest;
    var out =
        AbTest.newBuilder()
            .setSamplePercent(Objects.requireNonNullElse(test.samplePercent, 0))
            .setMinPerVariant(Objects.requireNonNullElse(test.minPerVariant, 100))
            .setMetric(
                switch (Objects.requireNonNullElse(test.metric, "clicks")) {
                  case "conversions" -> AbTestMetric.AB_TEST_METRIC_CONVERSIONS;
                  case "delivery" -> AbTestMetric.AB_TEST_METRIC_DELIVERY;
                  default -> AbTestMetric.AB_TEST_METRIC_CLICKS;
                })
            .setMethod(
                "bayesian".equals(test.method)
                    ? AbTestMethod.AB_TEST_METHOD_BAYESIAN
                    : AbTestMethod.AB_TEST_METHOD_Z_TEST)
            .setConfidence(Objects.requireNonNullElse(test.confidence, 0.95))
            .setFallback(Objects.requireNonNullElse(test.fallback, ""));
    AbTestTiming.decideAt(campaign, now).ifPresent(at -> out.setDecideAt(timestamp(at)));
    return out.build();
  }

  /**
   * The request that stops a campaign whose resource is being deleted: suspended, at a generation
   * above any the resource had, since the scheduler ignores generations it has already seen.
   */
  public static dev.relais.proto.scheduler.v1.Campaign stop(
      dev.relais.proto.scheduler.v1.Campaign campaign) {
    return campaign.toBuilder()
        .setSuspended(true)
        .setGeneration(campaign.getGeneration() + 1)
        .build();
  }

  /** The route as the scheduler takes it. */
  public static Route route(SmppRoute route) {
    return Route.newBuilder()
        .setName(route.getMetadata().getName())
        .addAllPrefixes(route.getSpec().prefixes)
        .setPriority(Objects.requireNonNullElse(route.getSpec().priority, 0))
        .setShards(Objects.requireNonNullElse(route.getSpec().shards, 16))
        // Prices the campaign's cost preview.
        .setCostPerSegment(Objects.requireNonNullElse(route.getSpec().costPerSegment, ""))
        .build();
  }

  static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
