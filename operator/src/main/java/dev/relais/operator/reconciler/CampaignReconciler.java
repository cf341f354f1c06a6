package dev.relais.operator.reconciler;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.api.Condition;
import dev.relais.operator.api.Segment;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmsPlatform;
import dev.relais.operator.model.CampaignAttributionBuilder;
import dev.relais.operator.model.CampaignRequestBuilder;
import dev.relais.operator.model.CampaignStatusBuilder;
import dev.relais.operator.model.CampaignValidator;
import dev.relais.operator.model.Conditions;
import dev.relais.operator.model.SchedulerRefusal;
import dev.relais.operator.services.CampaignProgress;
import dev.relais.operator.services.PlatformEndpoints;
import dev.relais.operator.services.SchedulerGateway;
import dev.relais.operator.services.SegmentEstimator;
import dev.relais.operator.services.ServiceAddresses;
import dev.relais.operator.services.ServiceCallException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Hands each Campaign to its namespace's scheduler and reflects the scheduler's progress into the
 * status, polling while the campaign is under way.
 *
 * <p>Deletion: while the scheduler holds an unfinished campaign, the resource carries the {@link
 * #FINALIZER}, and deleting it first stops the campaign in the scheduler (suspended at a new
 * generation) so that no SMS goes out for a campaign that no longer exists. That finalizer never
 * blocks deletion for long: it is removed once the campaign is stopped, when the namespace has no
 * scheduler any more (platform deleted), or after {@code cleanupTimeout} whatever happens. A
 * finished (Completed or Failed) campaign carries no finalizer at all. The chart's uninstall hook
 * ({@code FinalizerRelease}) takes them off before the operator goes, so that removing the operator
 * first leaves nothing stuck in deletion.
 */
@ControllerConfiguration(name = "campaign", triggerReconcilerOnAllEvents = true)
public class CampaignReconciler implements Reconciler<Campaign> {

  /** Finalizer present while the scheduler must be told of the campaign's deletion. */
  public static final String FINALIZER = "relais.dev/stop-in-scheduler";

  /** Reason of a Ready=False condition caused by the spec or what it refers to. */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** Reason of a Ready=False condition: the namespace has no SmsPlatform (no scheduler). */
  public static final String NO_PLATFORM = "NoPlatform";

  /** Reason of a Ready=False condition: the scheduler could not be reached. */
  public static final String SCHEDULER_UNAVAILABLE = "SchedulerUnavailable";

  /** Reason of a Ready=False condition: the scheduler refused the campaign. */
  public static final String REJECTED = "RejectedByScheduler";

  /**
   * Timing of the reconciler.
   *
   * @param sendingPoll how often a campaign under way is polled
   * @param idlePoll how often a campaign waiting (scheduled, held, paused, blocked) is polled
   * @param cleanupTimeout longest a deletion waits for the scheduler before giving up
   * @param receiptWindow how long after completion delivery receipts are still followed (carriers
   *     send most receipts after the last submit, some hours later), polled every idlePoll
   */
  public record Timing(
      Duration sendingPoll, Duration idlePoll, Duration cleanupTimeout, Duration receiptWindow) {

    /**
     * Polls every 5 s while sending, every 30 s otherwise and for 72 h after completion; deletion
     * waits at most 2 min.
     */
    public static final Timing DEFAULT =
        new Timing(
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(2),
            Duration.ofHours(72));
  }

  private static final Logger LOG = Logger.getLogger(CampaignReconciler.class.getName());

  private final SchedulerGateway scheduler;
  private final SegmentEstimator audiences;
  private final ServiceAddresses addresses;
  private final Timing timing;
  private final Clock clock;
  private volatile InformerEventSource<SmsPlatform, Campaign> platforms;
  private volatile InformerEventSource<SenderId, Campaign> senders;
  private volatile InformerEventSource<Segment, Campaign> segments;

  /**
   * @param audiences sizes an audience given by list and tags (a Segment carries its own size), so
   *     that the scheduler can price the campaign before anything is queued
   */
  public CampaignReconciler(
      SchedulerGateway scheduler,
      SegmentEstimator audiences,
      ServiceAddresses addresses,
      Timing timing,
      Clock clock) {
    this.scheduler = scheduler;
    this.audiences = audiences;
    this.addresses = addresses;
    this.timing = timing;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Campaign>> prepareEventSources(EventSourceContext<Campaign> context) {
    platforms = PlatformLookup.informer(context, Campaign.class);
    senders = referenced(context, SenderId.class, "senderids", c -> c.getSpec().senderIdRef);
    segments =
        referenced(
            context,
            Segment.class,
            "segments",
            c -> c.getSpec().audience == null ? null : c.getSpec().audience.segmentRef);
    return List.of(platforms, senders, segments);
  }

  /** An informer whose changes re-reconcile the campaigns of the namespace that name it. */
  private static <R extends HasMetadata> InformerEventSource<R, Campaign> referenced(
      EventSourceContext<Campaign> context,
      Class<R> type,
      String name,
      Function<Campaign, String> reference) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, Campaign.class)
            .withName(name)
            .withSecondaryToPrimaryMapper(referenced ->
                context
                    .getPrimaryCache()
                    .list(referenced.getMetadata().getNamespace())
                    .filter(c -> c.getSpec() != null)
                    .filter(c -> referenced.getMetadata().getName().equals(reference.apply(c)))
                    .map(ResourceID::fromResource)
                    .collect(Collectors.toSet()))
            .build(),
        context);
  }

  /**
   * The request with the size of an audience given by list and tags, counted by contacts once per
   * generation. A Segment's size comes from its status instead; a failed count only leaves the cost
   * preview empty, it never holds the campaign back.
   */
  private dev.relais.proto.scheduler.v1.Campaign withAudienceEstimate(
      dev.relais.proto.scheduler.v1.Campaign request,
      Campaign campaign,
      PlatformEndpoints endpoints) {
    CampaignSpec.Audience audience = campaign.getSpec().audience;
    if (audience == null || audience.segmentRef != null || endpoints.contacts().isEmpty()) {
      return request;
    }
    try {
      return audiences
          .estimate(
              endpoints.contacts().get(),
              Objects.requireNonNullElse(audience.list, ""),
              Objects.requireNonNullElse(audience.tags, List.of()),
              "")
          .filter(size -> size > 0)
          .map(size -> request.toBuilder().setAudienceEstimate(size).build())
          .orElse(request);
    } catch (ServiceCallException e) {
      LOG.log(
          Level.WARNING,
          "Campaign {0}: no cost preview, the audience could not be counted: {1}",
          new Object[] {request.getId(), e.getMessage()});
      return request;
    }
  }

  @Override
  public UpdateControl<Campaign> reconcile(Campaign campaign, Context<Campaign> context) {
    if (context.isPrimaryResourceDeleted()) {
      // Gone already: it carried no finalizer, so the scheduler had nothing left to stop.
      return UpdateControl.noUpdate();
    }
    String namespace = campaign.getMetadata().getNamespace();
    PlatformEndpoints endpoints = addresses.of(PlatformLookup.of(platforms, namespace), namespace);
    if (campaign.isMarkedForDeletion()) {
      return stop(campaign, context, endpoints);
    }
    Optional<SenderId> sender = lookup(senders, campaign.getSpec().senderIdRef, namespace);
    Optional<Segment> segment =
        lookup(
            segments,
            campaign.getSpec().audience == null ? null : campaign.getSpec().audience.segmentRef,
            namespace);
    List<String> problems = CampaignValidator.problems(campaign, sender, segment, clock.instant());
    if (!problems.isEmpty()) {
      // Nothing reaches the scheduler: what it holds keeps the last valid generation.
      return blocked(
          campaign, context, Conditions.notReady(INVALID_SPEC, String.join("; ", problems)), null);
    }
    if (endpoints.scheduler().isEmpty()) {
      return blocked(
          campaign,
          context,
          Conditions.notReady(
              NO_PLATFORM, "namespace " + namespace + " has no SmsPlatform to run the campaign"),
          timing.idlePoll());
    }
    String address = endpoints.scheduler().get();
    var request = CampaignRequestBuilder.campaign(campaign, sender.get(), segment, clock.instant());
    CampaignProgress progress;
    try {
      Optional<CampaignProgress> known =
          scheduler.campaign(address, endpoints.analytics(), request.getId());
      if (known.isEmpty() || known.get().observedGeneration() < request.getGeneration()) {
        // The windows are in place before the first message can be delivered; a refusal leaves
        // the scheduler at the last accepted generation.
        if (endpoints.analytics().isPresent()) {
          scheduler.setAttribution(
              endpoints.analytics().get(), CampaignAttributionBuilder.request(campaign));
        }
        // Before the scheduler holds anything, so that a deletion from now on stops it.
        campaign = keepFinalizer(campaign, context, true);
        progress = upsert(address, withAudienceEstimate(request, campaign, endpoints), campaign);
        // The upsert answers before analytics has anything; read both at the next poll.
        progress =
            scheduler.campaign(address, endpoints.analytics(), request.getId()).orElse(progress);
      } else {
        progress = known.get();
      }
    } catch (ServiceCallException e) {
      return blocked(
          campaign,
          context,
          Conditions.notReady(e.rejected() ? REJECTED : SCHEDULER_UNAVAILABLE, e.getMessage()),
          e.rejected() ? null : timing.idlePoll());
    }
    boolean finished = CampaignStatusBuilder.TERMINAL.contains(progress.phase());
    if (finished) {
      // Only removed here, never added: the finalizer goes on just before an upsert, so that an
      // uninstall hook's release (FinalizerRelease) is not undone by the next poll.
      campaign = keepFinalizer(campaign, context, false);
    }
    Instant now = clock.instant();
    Campaign.Status next = CampaignStatusBuilder.fromProgress(campaign, progress, now);
    announcePhase(campaign, context, next);
    announceDecision(campaign, context, next);
    UpdateControl<Campaign> update = patch(campaign, context, next);
    if (finished) {
      // Receipts keep arriving after the last submit: delivered counts move for a while yet.
      return followingReceipts(next, now) ? update.rescheduleAfter(timing.idlePoll()) : update;
    }
    return update.rescheduleAfter(
        "Sending".equals(progress.phase()) ? timing.sendingPoll() : timing.idlePoll());
  }

  /**
   * Hands the campaign to the scheduler; a refusal names the Campaign's fields, not the request's
   * (see {@link SchedulerRefusal}).
   */
  private CampaignProgress upsert(
      String address, dev.relais.proto.scheduler.v1.Campaign request, Campaign campaign) {
    try {
      return scheduler.upsertCampaign(address, request);
    } catch (ServiceCallException e) {
      if (!e.rejected() || e.detail().isEmpty()) {
        throw e;
      }
      throw e.withDetail(SchedulerRefusal.of(e.detail(), campaign).message());
    }
  }

  /** Reason of the Normal event recorded when an A/B test finds a winner. */
  public static final String AB_TEST_DECIDED = "AbTestDecided";

  /** Reason of the Normal event recorded when an A/B test ends without a winner. */
  public static final String AB_TEST_INCONCLUSIVE = "AbTestInconclusive";

  /**
   * An Event each time the campaign enters a phase (Scheduled, Sending, Held, Paused, Completed,
   * Failed...), with the scheduler's word on it: what {@code kubectl describe} shows as the
   * campaign's history. Failed is a Warning, every other phase Normal.
   */
  private static void announcePhase(
      Campaign campaign, Context<Campaign> context, Campaign.Status next) {
    Campaign.Status current = campaign.getStatus();
    if (next.phase == null || (current != null && next.phase.equals(current.phase))) {
      return;
    }
    String message =
        Conditions.find(next.conditions, Conditions.READY)
            .map(c -> c.message)
            .orElse("the campaign is " + next.phase);
    if (CampaignStatusBuilder.FAILED.equals(next.phase)) {
      ResourceEvents.warning(context.getClient(), campaign, next.phase, message);
    } else {
      ResourceEvents.normal(context.getClient(), campaign, next.phase, message);
    }
  }

  /** An Event the first time the status shows the A/B test's winner. */
  private static void announceDecision(
      Campaign campaign, Context<Campaign> context, Campaign.Status next) {
    Campaign.AbTestStatus decided = next.abTest;
    if (decided == null || decided.winner == null) {
      return;
    }
    Campaign.Status current = campaign.getStatus();
    if (current != null && current.abTest != null && current.abTest.winner != null) {
      return;
    }
    String reason = decided.reason == null ? "" : ": " + decided.reason;
    if (Boolean.TRUE.equals(decided.conclusive)) {
      ResourceEvents.normal(
          context.getClient(),
          campaign,
          AB_TEST_DECIDED,
          "variant " + decided.winner + " won the A/B test and goes to the rest" + reason);
    } else {
      ResourceEvents.normal(
          context.getClient(),
          campaign,
          AB_TEST_INCONCLUSIVE,
          "the A/B test is inconclusive: the fallback variant "
              + decided.winner
              + " goes to the rest"
              + reason);
    }
  }

  /** Whether a Completed campaign is still inside its receipt window. */
  private boolean followingReceipts(Campaign.Status status, Instant now) {
    return status.conditions.stream()
        .filter(c -> CampaignStatusBuilder.COMPLETED.equals(c.type) && "True".equals(c.status))
        .map(c -> Instant.parse(c.lastTransitionTime))
        .anyMatch(completedAt -> now.isBefore(completedAt.plus(timing.receiptWindow())));
  }

  @Override
  public ErrorStatusUpdateControl<Campaign> updateErrorStatus(
      Campaign campaign, Context<Campaign> context, Exception e) {
    if (campaign.isMarkedForDeletion()) {
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    UpdateControl<Campaign> update =
        blocked(
            campaign,
            context,
            Conditions.notReady("ReconcileError", "could not reconcile: " + e.getMessage()),
            null);
    return update.isPatchStatus()
        ? ErrorStatusUpdateControl.patchStatus(update.getResource().orElseThrow())
        : ErrorStatusUpdateControl.noStatusUpdate();
  }

  /** The deletion path: stop the campaign in the scheduler, within a bounded time. */
  private UpdateControl<Campaign> stop(
      Campaign campaign, Context<Campaign> context, PlatformEndpoints endpoints) {
    if (!campaign.hasFinalizer(FINALIZER)) {
      return UpdateControl.noUpdate();
    }
    String id = CampaignRequestBuilder.campaignId(campaign);
    if (endpoints.scheduler().isEmpty()) {
      release(
          campaign, context, "NoScheduler", "the namespace has no scheduler left to stop " + id);
      return UpdateControl.noUpdate();
    }
    try {
      Optional<SenderId> sender =
          lookup(senders, campaign.getSpec().senderIdRef, campaign.getMetadata().getNamespace());
      if (sender.isPresent()) {
        Optional<Segment> segment =
            lookup(
                segments,
                campaign.getSpec().audience == null ? null : campaign.getSpec().audience.segmentRef,
                campaign.getMetadata().getNamespace());
        scheduler.upsertCampaign(
            endpoints.scheduler().get(),
            CampaignRequestBuilder.stop(
                CampaignRequestBuilder.campaign(campaign, sender.get(), segment)));
        release(campaign, context, "Stopped", "stopped " + id + " in the scheduler");
      } else {
        release(campaign, context, "SenderGone", "the SenderId is gone, so " + id + " cannot send");
      }
      return UpdateControl.noUpdate();
    } catch (ServiceCallException | IllegalArgumentException e) {
      Instant giveUp = deletionRequested(campaign).plus(timing.cleanupTimeout());
      if (!clock.instant().isBefore(giveUp)) {
        ResourceEvents.warning(
            context.getClient(),
            campaign,
            "StopAbandoned",
            "gave up stopping "
                + id
                + " in the scheduler after "
                + timing.cleanupTimeout()
                + ": "
                + e.getMessage());
        PrimaryUpdateAndCacheUtils.removeFinalizer(context, FINALIZER);
        return UpdateControl.noUpdate();
      }
      return UpdateControl.<Campaign>noUpdate().rescheduleAfter(timing.sendingPoll());
    }
  }

  private static void release(
      Campaign campaign, Context<Campaign> context, String reason, String message) {
    ResourceEvents.normal(context.getClient(), campaign, reason, message);
    PrimaryUpdateAndCacheUtils.removeFinalizer(context, FINALIZER);
  }

  private Instant deletionRequested(Campaign campaign) {
    String timestamp = campaign.getMetadata().getDeletionTimestamp();
    try {
      return timestamp == null ? clock.instant() : OffsetDateTime.parse(timestamp).toInstant();
    } catch (RuntimeException e) {
      return clock.instant();
    }
  }

  /** Adds the finalizer while the scheduler holds unfinished work, removes it otherwise. */
  private static Campaign keepFinalizer(
      Campaign campaign, Context<Campaign> context, boolean needed) {
    if (needed && !campaign.hasFinalizer(FINALIZER)) {
      return PrimaryUpdateAndCacheUtils.addFinalizer(context.getClient(), campaign, FINALIZER);
    }
    if (!needed && campaign.hasFinalizer(FINALIZER)) {
      return PrimaryUpdateAndCacheUtils.removeFinalizer(context.getClient(), campaign, FINALIZER);
    }
    return campaign;
  }

  private UpdateControl<Campaign> blocked(
      Campaign campaign, Context<Campaign> context, Condition ready, Duration retry) {
    Campaign.Status next = CampaignStatusBuilder.blocked(campaign, ready, clock.instant());
    Campaign.Status current = campaign.getStatus();
    if (current == null || !Conditions.unchanged(current.conditions, ready)) {
      // Once per new problem, not on every poll.
      ResourceEvents.warning(context.getClient(), campaign, ready.reason, ready.message);
    }
    UpdateControl<Campaign> update = patch(campaign, context, next);
    return retry == null ? update : update.rescheduleAfter(retry);
  }

  private static UpdateControl<Campaign> patch(
      Campaign campaign, Context<Campaign> context, Campaign.Status next) {
    if (StatusUpdates.same(campaign.getStatus(), next)) {
      return UpdateControl.noUpdate();
    }
    return UpdateControl.patchStatus(StatusUpdates.minimal(campaign, Campaign::new, next));
  }

  private static <R extends HasMetadata> Optional<R> lookup(
      InformerEventSource<R, Campaign> informer, String name, String namespace) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    return informer.get(new ResourceID(name, namespace));
  }
}
