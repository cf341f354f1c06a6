package dev.relais.operator.services;

import com.google.protobuf.Timestamp;
import dev.relais.operator.model.CampaignKpis;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.ConversionsServiceGrpc;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.analytics.v1.SetCampaignAttributionRequest;
import dev.relais.proto.analytics.v1.VariantStats;
import dev.relais.proto.scheduler.v1.AbTestMethod;
import dev.relais.proto.scheduler.v1.AbTestStatus;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.ClickCounts;
import dev.relais.proto.scheduler.v1.DeliveryCounts;
import dev.relais.proto.scheduler.v1.EncodingPreview;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.proto.scheduler.v1.Money;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.relais.sms.text.Ucs2Characters;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The scheduler's SchedulerService, with delivery counts from analytics' GetCampaignStats. */
public final class GrpcSchedulerGateway implements SchedulerGateway {

  private static final Logger LOG = Logger.getLogger(GrpcSchedulerGateway.class.getName());

  private final GrpcChannels channels;
  private final Duration timeout;

  public GrpcSchedulerGateway(GrpcChannels channels, Duration timeout) {
    this.channels = channels;
    this.timeout = timeout;
  }

  @Override
  public CampaignProgress upsertCampaign(String scheduler, Campaign campaign) {
    try {
      return progress(stub(scheduler).upsertCampaign(campaign), Optional.empty());
    } catch (StatusRuntimeException e) {
      throw failure("the scheduler at " + scheduler + " refused campaign " + campaign.getId(), e);
    }
  }

  @Override
  public Optional<CampaignProgress> campaign(
      String scheduler, Optional<String> analytics, String campaignId) {
    CampaignStatus status;
    try {
      status =
          stub(scheduler).getCampaign(GetCampaignRequest.newBuilder().setId(campaignId).build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw failure("could not read campaign " + campaignId + " from " + scheduler, e);
    }
    // The scheduler reports delivery counts itself once messages are queued; analytics is asked
    // only when it does not.
    Optional<CampaignStats> stats =
        status.hasDelivery() ? Optional.empty() : analytics.flatMap(a -> stats(a, campaignId));
    return Optional.of(progress(status, stats));
  }

  @Override
  public void setAttribution(String analytics, SetCampaignAttributionRequest request) {
    try {
      ConversionsServiceGrpc.newBlockingStub(channels.to(analytics))
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .setCampaignAttribution(request);
    } catch (StatusRuntimeException e) {
      throw failure(
          "analytics at "
              + analytics
              + " refused the attribution windows of campaign "
              + request.getCampaignId(),
          e);
    }
  }

  @Override
  public void upsertRoute(String scheduler, Route route) {
    try {
      stub(scheduler).upsertRoute(route);
    } catch (StatusRuntimeException e) {
      throw failure("the scheduler at " + scheduler + " refused route " + route.getName(), e);
    }
  }

  /** Delivery counts are a bonus: without analytics the campaign still shows its progress. */
  private Optional<CampaignStats> stats(String analytics, String campaignId) {
    try {
      return Optional.of(
          AnalyticsServiceGrpc.newBlockingStub(channels.to(analytics))
              .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .getCampaignStats(
                  GetCampaignStatsRequest.newBuilder().setCampaignId(campaignId).build()));
    } catch (StatusRuntimeException e) {
      LOG.log(Level.FINE, "no delivery counts for " + campaignId + " from " + analytics, e);
      return Optional.empty();
    }
  }

  private static CampaignProgress.Delivery delivery(CampaignStats stats) {
    return new CampaignProgress.Delivery(
        stats.getSubmitted(),
        stats.getDelivered(),
        stats.getSubmitFailed() + stats.getUndelivered(),
        stats.getExpired(),
        stats.getOptedOut(),
        stats.getDeliveryUnknown(),
        stats.getDeliveryRate(),
        stats.getConversions(),
        revenue(stats.getRevenueList()));
  }

  private static CampaignProgress.Delivery delivery(VariantStats stats) {
    return new CampaignProgress.Delivery(
        stats.getSubmitted(),
        stats.getDelivered(),
        stats.getSubmitFailed() + stats.getUndelivered(),
        stats.getExpired(),
        stats.getOptedOut(),
        stats.getDeliveryUnknown(),
        stats.getDeliveryRate(),
        stats.getConversions(),
        revenue(stats.getRevenueList()));
  }

  private static CampaignProgress.Delivery delivery(DeliveryCounts counts) {
    return new CampaignProgress.Delivery(
        counts.getSubmitted(),
        counts.getDelivered(),
        counts.getFailed(),
        counts.getExpired(),
        counts.getOptedOut(),
        counts.getDeliveryUnknown(),
        counts.getDeliveryRate(),
        counts.getConversions(),
        money(counts.getRevenueList()));
  }

  /**
   * Analytics' revenue per currency (an entry that is not an amount in one currency is left out).
   */
  private static List<CampaignKpis.Money> revenue(
      List<dev.relais.proto.analytics.v1.Money> revenue) {
    return revenue.stream()
        .flatMap(m -> CampaignKpis.Money.parse(m.getAmount(), m.getCurrency()).stream())
        .toList();
  }

  /** The scheduler's amounts per currency. */
  private static List<CampaignKpis.Money> money(List<Money> amounts) {
    return amounts.stream()
        .flatMap(m -> CampaignKpis.Money.parse(m.getAmount(), m.getCurrency()).stream())
        .toList();
  }

  private static Optional<CampaignKpis.Clicks> clicks(boolean known, ClickCounts counts) {
    return known
        ? Optional.of(
            new CampaignKpis.Clicks(
                counts.getClicks(),
                // Aggregate-only tracking counts no unique clicks: none rather than a false 0.
                counts.getAggregateOnly()
                    ? java.util.OptionalLong.empty()
                    : java.util.OptionalLong.of(counts.getUniqueClicks()),
                counts.getBotClicks()))
        : Optional.empty();
  }

  /**
   * The A/B variants of the status, each with its delivery counts from the scheduler or, when the
   * scheduler reported none, from analytics.
   */
  private static List<CampaignProgress.Variant> variants(
      CampaignStatus status, Optional<CampaignStats> fromAnalytics) {
    Map<String, VariantStats> analyticsByName = new HashMap<>();
    fromAnalytics.ifPresent(
        s -> s.getVariantsList().forEach(v -> analyticsByName.put(v.getVariant(), v)));
    return status.getVariantsList().stream()
        .map(v ->
            new CampaignProgress.Variant(
                v.getName(),
                v.getWeight(),
                v.hasEncoding() ? Optional.of(encoding(v.getEncoding())) : Optional.empty(),
                v.getQueued(),
                v.getQueuedParts(),
                v.hasDelivery()
                    ? Optional.of(delivery(v.getDelivery()))
                    : fromAnalytics.map(s ->
                        delivery(
                            analyticsByName.getOrDefault(
                                v.getName(), VariantStats.getDefaultInstance()))),
                clicks(v.hasClicks(), v.getClicks()),
                money(v.getCostList())))
        .toList();
  }

  private SchedulerServiceGrpc.SchedulerServiceBlockingStub stub(String scheduler) {
    return SchedulerServiceGrpc.newBlockingStub(channels.to(scheduler))
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  static CampaignProgress progress(CampaignStatus status, Optional<CampaignStats> fromAnalytics) {
    CampaignProgress.Builder progress =
        CampaignProgress.builder()
            .observedGeneration(status.getObservedGeneration())
            .phase(phase(status.getPhase()))
            .audience(status.getAudience())
            .suppressed(status.getSuppressedMap())
            .queued(status.getQueued())
            .expansionComplete(status.getExpansionComplete())
            .message(status.getMessage())
            .heldForWindow(status.getHeldForWindow())
            .queuedUcs2(
                new CampaignProgress.Ucs2Count(status.getQueuedUcs2(), status.getQueuedUcs2Parts()))
            .variants(variants(status, fromAnalytics))
            .traceId(status.getTraceId());
    if (status.hasDelivery()) {
      progress.delivery(delivery(status.getDelivery()));
    } else {
      fromAnalytics.map(GrpcSchedulerGateway::delivery).ifPresent(progress::delivery);
    }
    if (status.hasCost() && !status.getCost().getAmount().isEmpty()) {
      progress.cost(
          new CampaignProgress.Cost(
              status.getCost().getAmount(),
              status.getCost().getCurrency(),
              status.getCost().getPricedParts(),
              status.getCost().getUnpricedParts()));
    }
    if (status.hasEncoding()) {
      progress.encoding(encoding(status.getEncoding()));
    }
    if (status.hasEstimate()) {
      progress.estimate(
          new CampaignProgress.Estimate(
              status.getEstimate().getAudience(),
              status.getEstimate().getPartsPerMessage(),
              status.getEstimate().getParts(),
              status.getEstimate().getAmount(),
              status.getEstimate().getCurrency(),
              status.getEstimate().getRoute()));
    }
    clicks(status.hasClicks(), status.getClicks()).ifPresent(progress::clicks);
    if (status.hasAbTest()) {
      progress.abTest(abTest(status.getAbTest()));
    }
    return progress.build();
  }

  /** The A/B test's stage and decision; figures the scheduler leaves at zero are not reported. */
  static CampaignProgress.AbTest abTest(AbTestStatus test) {
    boolean decided = !test.getWinner().isEmpty();
    boolean bayesian = test.getMethod() == AbTestMethod.AB_TEST_METHOD_BAYESIAN;
    return new CampaignProgress.AbTest(
        switch (test.getStage()) {
          case AB_TEST_STAGE_WAITING -> "Waiting";
          case AB_TEST_STAGE_DECIDED -> "Decided";
          default -> decided ? "Decided" : "Sampling";
        },
        test.getSample(),
        test.hasDecideAt() ? Optional.of(instant(test.getDecideAt())) : Optional.empty(),
        test.getWinner(),
        test.getConclusive(),
        test.getReason(),
        test.hasDecidedAt() ? Optional.of(instant(test.getDecidedAt())) : Optional.empty(),
        decided && !bayesian ? OptionalDouble.of(test.getPValue()) : OptionalDouble.empty(),
        decided && bayesian
            ? OptionalDouble.of(test.getProbabilityToBeatControl())
            : OptionalDouble.empty(),
        switch (test.getMetric()) {
          case AB_TEST_METRIC_CONVERSIONS -> "conversions";
          case AB_TEST_METRIC_DELIVERY -> "delivery";
          default -> "clicks";
        },
        bayesian ? "bayesian" : "zTest",
        test.getArmsList().stream()
            .map(a -> new CampaignProgress.Arm(a.getVariant(), a.getSuccesses(), a.getTrials()))
            .toList());
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }

  private static CampaignProgress.Encoding encoding(EncodingPreview preview) {
    return new CampaignProgress.Encoding(
        preview.getEncoding(),
        preview.getParts(),
        preview.getPartsTransliterated(),
        preview.getTransliterate(),
        preview.getUcs2CharactersList().stream()
            .map(c ->
                new Ucs2Characters.Occurrence(
                    c.getCharacter(),
                    c.getLine(),
                    c.getColumn(),
                    c.getOccurrences(),
                    c.getTransliterable() ? c.getGsm7Form() : null))
            .toList());
  }

  /** CAMPAIGN_PHASE_SENDING -> "Sending"; an unspecified phase reads as Pending. */
  static String phase(CampaignPhase phase) {
    if (phase == CampaignPhase.CAMPAIGN_PHASE_UNSPECIFIED || phase == CampaignPhase.UNRECOGNIZED) {
      return "Pending";
    }
    String word = phase.name().substring("CAMPAIGN_PHASE_".length()).toLowerCase(Locale.ROOT);
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  static ServiceCallException failure(String what, StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    boolean rejected =
        code == Status.Code.INVALID_ARGUMENT
            || code == Status.Code.FAILED_PRECONDITION
            || code == Status.Code.OUT_OF_RANGE;
    String detail = e.getStatus().getDescription();
    return new ServiceCallException(what + ": " + code, detail == null ? "" : detail, rejected, e);
  }
}
