package dev.relais.scheduler;

import dev.relais.common.grpc.GrpcErrors;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.DeliveryCounts;
import dev.relais.proto.scheduler.v1.EncodingPreview;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.proto.scheduler.v1.Money;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.relais.proto.scheduler.v1.VariantStatus;
import dev.relais.scheduler.campaign.CampaignAdmission;
import dev.relais.scheduler.campaign.CampaignClicks;
import dev.relais.scheduler.campaign.CampaignPreview;
import dev.relais.scheduler.campaign.CampaignStatusView;
import dev.relais.scheduler.campaign.CampaignValidator;
import dev.relais.scheduler.campaign.CampaignVariant;
import dev.relais.scheduler.campaign.CompiledCampaign;
import dev.relais.scheduler.campaign.DeliveryProgress;
import dev.relais.scheduler.campaign.Tallies;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RoutePrice;
import dev.relais.scheduler.routing.RouteRegistry;
import dev.relais.scheduler.store.CampaignStore;
import dev.relais.scheduler.store.StoredCampaign;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The gRPC face of the scheduler: routes, campaign admission and campaign status. Thin: every rule
 * lives in the classes it calls.
 */
public final class SchedulerGrpcService extends SchedulerServiceGrpc.SchedulerServiceImplBase {

  private static final Logger LOG = Logger.getLogger(SchedulerGrpcService.class.getName());

  private final RouteRegistry routes;
  private final CampaignAdmission admission;
  private final CampaignStore campaigns;
  private final DeliveryProgress delivery;
  private final CampaignClicks clicks;
  private final CampaignValidator validator;
  private final Clock clock;

  public SchedulerGrpcService(
      RouteRegistry routes,
      CampaignAdmission admission,
      CampaignStore campaigns,
      DeliveryProgress delivery,
      CampaignClicks clicks,
      CampaignValidator validator,
      Clock clock) {
    this.validator = validator;
    this.routes = routes;
    this.admission = admission;
    this.campaigns = campaigns;
    this.delivery = delivery;
    this.clicks = clicks;
    this.clock = clock;
  }

  @Override
  public void upsertRoute(Route request, StreamObserver<Route> response) {
    answer(
        response,
        () -> {
          RouteDefinition route =
              routes.upsert(
                  request.getName(),
                  request.getPrefixesList(),
                  request.getPriority(),
                  request.getShards(),
                  RoutePrice.parse(request.getCostPerSegment(), request.getCurrency()));
          Route.Builder answer =
              Route.newBuilder()
                  .setName(route.name())
                  .addAllPrefixes(route.prefixes())
                  .setPriority(route.priority())
                  .setShards(route.shards());
          if (route.price().known()) {
            answer
                .setCostPerSegment(route.price().perSegment().toPlainString())
                .setCurrency(route.price().currency());
          }
          return answer.build();
        });
  }

  @Override
  public void upsertCampaign(Campaign request, StreamObserver<CampaignStatus> response) {
    answer(response, () -> status(admission.upsert(request)));
  }

  @Override
  public void getCampaign(GetCampaignRequest request, StreamObserver<CampaignStatus> response) {
    answer(
        response,
        () ->
            status(
                campaigns
                    .find(request.getId())
                    .orElseThrow(() ->
                        Status.NOT_FOUND
                            .withDescription("no campaign " + request.getId())
                            .asRuntimeException())));
  }

  private CampaignStatus status(StoredCampaign campaign) {
    Instant now = clock.instant();
    Instant start = CampaignValidator.effectiveStart(campaign.spec(), campaign.acceptedAt());
    CompiledCampaign compiled = compiled(campaign);
    DeliveryProgress.Resolution resolution =
        CampaignStatusView.needsDeliveryProgress(campaign)
            ? delivery.resolved(campaign.id())
            : null;
    CampaignStatus status =
        CampaignStatusView.of(campaign, start, now, resolution, windowOpensAt(compiled, now));
    if (resolution != null
        && status.getPhase() == CampaignPhase.CAMPAIGN_PHASE_COMPLETED
        && !CampaignStatusView.COMPLETED.equals(campaign.phase())) {
      // Completion is final: remember it so that later calls need not ask analytics again.
      campaigns.setPhase(campaign.id(), CampaignStatusView.COMPLETED, status.getMessage(), now);
    }
    if (compiled == null) {
      return status;
    }
    Optional<CampaignClicks.Clicks> clicked = clicks(campaign, compiled);
    CampaignStatus previewed = withPreview(status, compiled);
    if (clicked.isPresent()) {
      previewed = previewed.toBuilder().setClicks(clicked.get().total()).build();
    }
    return withVariants(previewed, campaign, compiled, resolution, clicked);
  }

  /**
   * The campaign's clicks when it has tracked links and messages went out with them; empty when
   * there are none to count or the links service cannot say (no figure rather than a false zero).
   */
  private Optional<CampaignClicks.Clicks> clicks(StoredCampaign stored, CompiledCampaign compiled) {
    boolean linked = compiled.variants().stream().anyMatch(v -> !v.template().links().isEmpty());
    return linked && stored.progress().queued() > 0 ? clicks.of(stored.id()) : Optional.empty();
  }

  /**
   * The status with one entry per A/B variant: its preview, what is queued and what it costs, its
   * delivery and its clicks.
   */
  private static CampaignStatus withVariants(
      CampaignStatus status,
      StoredCampaign stored,
      CompiledCampaign campaign,
      DeliveryProgress.Resolution resolution,
      Optional<CampaignClicks.Clicks> clicked) {
    if (!campaign.hasVariants()) {
      return status;
    }
    CampaignStatus.Builder withVariants = status.toBuilder();
    for (CampaignVariant variant : campaign.variants()) {
      VariantStatus.Builder entry =
          VariantStatus.newBuilder()
              .setName(variant.name())
              .setWeight(variant.weight())
              .setEncoding(CampaignPreview.encoding(campaign, variant))
              .setQueued(stored.progress().tally(Tallies.variantQueuedKey(variant.name())))
              .setQueuedParts(stored.progress().tally(Tallies.variantPartsKey(variant.name())));
      Tallies.variantCosts(stored.progress().tallies(), variant.name())
          .forEach((currency, amount) ->
              entry.addCost(
                  Money.newBuilder()
                      .setAmount(CampaignStatusView.amount(amount))
                      .setCurrency(currency)));
      if (!variant.template().links().isEmpty()) {
        clicked.ifPresent(c -> entry.setClicks(c.of(variant.name())));
      }
      if (resolution != null && resolution.known()) {
        entry.setDelivery(
            resolution
                .variants()
                .getOrDefault(variant.name(), DeliveryCounts.getDefaultInstance()));
      }
      withVariants.addVariants(entry);
    }
    return withVariants.build();
  }

  /** The status with what the template sends and, for an estimated audience, what it costs. */
  private CampaignStatus withPreview(CampaignStatus status, CompiledCampaign campaign) {
    EncodingPreview encoding = CampaignPreview.encoding(campaign);
    CampaignStatus.Builder previewed = status.toBuilder().setEncoding(encoding);
    long audience = campaign.spec().getAudienceEstimate();
    if (audience > 0) {
      previewed.setEstimate(CampaignPreview.cost(campaign, encoding, audience, routes.table()));
    }
    return previewed.build();
  }

  /** The stored campaign compiled; null when it no longer compiles (it shows as FAILED). */
  private CompiledCampaign compiled(StoredCampaign campaign) {
    try {
      return validator.compile(campaign.spec(), campaign.acceptedAt());
    } catch (IllegalArgumentException | IllegalStateException e) {
      return null;
    }
  }

  /** When the campaign's policy window opens next in its own zone; null while it is open. */
  private static Instant windowOpensAt(CompiledCampaign compiled, Instant now) {
    if (compiled == null) {
      return null; // an invalid campaign shows as FAILED; no window to speak of
    }
    Instant opens = compiled.policy().firstAllowed(now, compiled.zone());
    return opens.isAfter(now) ? opens : null;
  }

  private static <T> void answer(StreamObserver<T> response, Supplier<T> call) {
    GrpcErrors.answer(response, "scheduler", call);
  }
}
