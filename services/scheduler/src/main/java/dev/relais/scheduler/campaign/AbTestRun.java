package dev.relais.scheduler.campaign;

import static dev.relais.common.time.ProtoTime.instant;
import static dev.relais.common.time.ProtoTime.timestamp;

import dev.relais.proto.scheduler.v1.AbTestArm;
import dev.relais.proto.scheduler.v1.AbTestMetric;
import dev.relais.proto.scheduler.v1.AbTestStage;
import dev.relais.proto.scheduler.v1.AbTestStatus;
import dev.relais.proto.scheduler.v1.ClickCounts;
import dev.relais.proto.scheduler.v1.DeliveryCounts;
import dev.relais.scheduler.campaign.abtest.AbTestDecision;
import dev.relais.scheduler.campaign.abtest.AbTestPlan;
import dev.relais.scheduler.store.StoredCampaign;
import io.opentelemetry.api.trace.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Runs a campaign with an A/B test in its three steps, each durable in the campaign's row: the
 * sample pass (the sample's recipients are queued, the others wait), the decision at decide_at
 * (written once, conditionally: a restarted or second scheduler reads it instead of deciding
 * again), and the pass of the rest with the winner. Called under the campaign's lease.
 */
final class AbTestRun {

  private static final Logger LOG = Logger.getLogger(AbTestRun.class.getName());

  /** Tally of the messages the sample pass queued: the rest's pace starts after them. */
  static final String SAMPLE_QUEUED = "ab-sample-queued";

  private final CampaignRunner runner;

  AbTestRun(CampaignRunner runner) {
    this.runner = runner;
  }

  void run(CompiledCampaign campaign, StoredCampaign stored, Span span) {
    String id = campaign.id();
    AbTestPlan plan = campaign.abTest();
    CampaignProgress progress = stored.progress();
    if (!stored.abSampled()) {
      if (!progress.expansionComplete()) {
        progress = runner.expand(campaign, progress, span, AbTestPass.sample(campaign));
        if (!progress.expansionComplete()) {
          return; // paused or closing: resumes from the saved page
        }
      }
      Map<String, Long> tallies = new TreeMap<>(progress.tallies());
      tallies.put(SAMPLE_QUEUED, progress.queued());
      CampaignProgress rest =
          new CampaignProgress(
              progress.audience(),
              progress.suppressed(),
              progress.queued(),
              progress.queuedParts(),
              "",
              false,
              tallies);
      if (!sampled(id, rest, plan.decideAt(), stored.spec().getSuspended())) {
        throw new CampaignExpansion.TakenOver();
      }
      LOG.info(() -> id + ": A/B test sample queued; the decision is due at " + plan.decideAt());
      return;
    }
    AbTestStatus decision = stored.abDecision();
    if (decision == null) {
      Instant now = runner.clock().instant();
      if (now.isBefore(plan.decideAt())) {
        // Due early: a crash came between the sample's end and its new schedule.
        sampled(id, progress, plan.decideAt(), stored.spec().getSuspended());
        return;
      }
      decision = decide(campaign, stored, now);
      if (!runner.campaigns().decide(id, runner.owner(), decision, now)) {
        return; // taken over, or decided already: the next poll reads the stored decision
      }
      AbTestStatus made = decision;
      LOG.info(() ->
          id
              + ": A/B test decided on "
              + AbTestDecision.metric(made.getMetric())
              + ", winner "
              + made.getWinner()
              + (made.getConclusive() ? " (conclusive)" : " (inconclusive)"));
    }
    Instant decidedAt = instant(decision.getDecidedAt());
    if (!decidedAt.isBefore(campaign.deadline())) {
      // Decided after the deadline (the scheduler was down): the rest is not sent.
      CampaignProgress done =
          new CampaignProgress(
              progress.audience(),
              progress.suppressed(),
              progress.queued(),
              progress.queuedParts(),
              "",
              true,
              progress.tallies());
      if (!runner
          .campaigns()
          .saveProgress(
              id, runner.owner(), runner.settings().lease(), done, "", runner.clock().instant())) {
        throw new CampaignExpansion.TakenOver();
      }
      runner.campaigns().unschedule(id);
      return;
    }
    String winnerName = decision.getWinner();
    CampaignVariant winner =
        campaign.variants().stream()
            .filter(v -> v.name().equals(winnerName))
            .findFirst()
            .orElseThrow(() ->
                new IllegalStateException("the A/B test's winner " + winnerName + " is gone"));
    AbTestPass pass = AbTestPass.rest(campaign, winner, decidedAt, progress.tally(SAMPLE_QUEUED));
    if (runner.expand(campaign, progress, span, pass).expansionComplete()) {
      runner.campaigns().unschedule(id);
    }
  }

  private boolean sampled(String id, CampaignProgress rest, Instant decideAt, boolean suspended) {
    return runner
        .campaigns()
        .finishSample(
            id,
            runner.owner(),
            runner.settings().lease(),
            rest,
            decideAt,
            suspended,
            runner.clock().instant());
  }

  /**
   * The decision on the sample's figures now. While analytics or the links service cannot answer
   * and the deadline is ahead, throws: the runner retries with backoff.
   */
  private AbTestStatus decide(CompiledCampaign campaign, StoredCampaign stored, Instant now) {
    AbTestPlan plan = campaign.abTest();
    boolean late = !now.isBefore(campaign.deadline());
    String unmeasurable = null;
    DeliveryProgress.Resolution delivery = runner.delivery().resolved(campaign.id());
    if (!delivery.known()) {
      if (!late) {
        throw new IllegalStateException(
            "the A/B test waits for analytics to decide: " + delivery.unavailable());
      }
      unmeasurable = "analytics did not answer (" + delivery.unavailable() + ")";
    }
    Map<String, ClickCounts> clicked = Map.of();
    if (plan.metric() == AbTestMetric.AB_TEST_METRIC_CLICKS && unmeasurable == null) {
      Optional<CampaignClicks.Clicks> clicks = runner.clicks().of(campaign.id());
      if (clicks.isEmpty()) {
        if (!late) {
          throw new IllegalStateException(
              "the A/B test waits for the links service to decide: it did not answer");
        }
        unmeasurable = "the links service did not answer";
      } else if (clicks.get().total().getAggregateOnly()) {
        unmeasurable =
            "the links service counts clicks in aggregate only (links.aggregateonly), not who"
                + " clicked";
      } else {
        clicked = clicks.get().variants();
      }
    }
    List<String> names = new ArrayList<>();
    List<AbTestArm> arms = new ArrayList<>();
    for (CampaignVariant variant : campaign.variants()) {
      names.add(variant.name());
      DeliveryCounts counts =
          delivery.variants().getOrDefault(variant.name(), DeliveryCounts.getDefaultInstance());
      long trials;
      long successes;
      switch (plan.metric()) {
        case AB_TEST_METRIC_DELIVERY -> {
          trials = stored.progress().tally(Tallies.variantQueuedKey(variant.name()));
          successes = counts.getDelivered();
        }
        case AB_TEST_METRIC_CONVERSIONS -> {
          trials = counts.getDelivered();
          successes = counts.getConversions();
        }
        default -> {
          trials = counts.getDelivered();
          successes =
              clicked
                  .getOrDefault(variant.name(), ClickCounts.getDefaultInstance())
                  .getUniqueClicks();
        }
      }
      arms.add(
          AbTestArm.newBuilder()
              .setVariant(variant.name())
              .setSuccesses(Math.min(successes, trials))
              .setTrials(trials)
              .build());
    }
    AbTestStatus.Builder decision = AbTestDecision.decide(plan, names, arms, unmeasurable);
    if (late) {
      decision.setReason(
          decision.getReason()
              + "; decided at "
              + now
              + ", after the deadline "
              + campaign.deadline()
              + ": the rest is not sent");
    }
    return decision
        .setStage(AbTestStage.AB_TEST_STAGE_DECIDED)
        .setSample(stored.progress().tally(Tallies.AB_SAMPLE))
        .setDecideAt(timestamp(plan.decideAt()))
        .setDecidedAt(timestamp(now))
        .build();
  }
}
