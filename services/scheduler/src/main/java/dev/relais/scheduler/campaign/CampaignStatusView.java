package dev.relais.scheduler.campaign;

import dev.relais.common.telemetry.TraceParent;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.scheduler.v1.AbTest;
import dev.relais.proto.scheduler.v1.AbTestMethod;
import dev.relais.proto.scheduler.v1.AbTestMetric;
import dev.relais.proto.scheduler.v1.AbTestStage;
import dev.relais.proto.scheduler.v1.AbTestStatus;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.CostPreview;
import dev.relais.scheduler.store.StoredCampaign;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Map;

/**
 * Derives a campaign's status (GetCampaign) from what is stored and, once the whole audience is
 * queued, from how many messages dispatch has resolved.
 *
 * <ul>
 *   <li>FAILED or COMPLETED as recorded;
 *   <li>PAUSED while suspended;
 *   <li>SCHEDULED before its start; PENDING when due but no scheduler has begun expanding it;
 *   <li>SENDING while expanding, and after, until every queued message is resolved (submitted,
 *       failed at submission or expired);
 *   <li>HELD instead of SENDING while the compliance policy's window is closed and messages wait
 *       for it to open;
 *   <li>COMPLETED once expanded and resolved (at once when nothing was queued).
 * </ul>
 */
public final class CampaignStatusView {

  public static final String COMPLETED = "COMPLETED";
  public static final String FAILED = "FAILED";

  private CampaignStatusView() {}

  /** True when messages are queued, so analytics has delivery counts to ask for. */
  public static boolean needsDeliveryProgress(StoredCampaign campaign) {
    return campaign.progress().queued() > 0;
  }

  /** The status to report, the policy window being open. */
  public static CampaignStatus of(
      StoredCampaign campaign, Instant start, Instant now, DeliveryProgress.Resolution delivery) {
    return of(campaign, start, now, delivery, null);
  }

  /**
   * The status to report.
   *
   * @param delivery delivery progress when {@link #needsDeliveryProgress} said so, else null
   * @param windowOpensAt when the campaign's compliance window opens next, null when it is open
   */
  public static CampaignStatus of(
      StoredCampaign campaign,
      Instant start,
      Instant now,
      DeliveryProgress.Resolution delivery,
      Instant windowOpensAt) {
    CampaignProgress progress = campaign.progress();
    CampaignStatus.Builder status =
        CampaignStatus.newBuilder()
            .setId(campaign.id())
            .setObservedGeneration(campaign.generation())
            .setAudience(progress.audience())
            .putAllSuppressed(progress.suppressed())
            .setQueued(progress.queued())
            .setQueuedParts(progress.queuedParts())
            .setExpansionComplete(progress.expansionComplete())
            .setHeldForWindow(progress.tally(Tallies.HELD_FOR_WINDOW))
            .setQueuedUcs2(progress.tally(Tallies.UCS2_MESSAGES))
            .setQueuedUcs2Parts(progress.tally(Tallies.UCS2_PARTS))
            .setTraceId(TraceParent.traceId(campaign.traceparent()));
    if (progress.queuedParts() > 0) {
      status.setCost(cost(progress));
    }
    if (delivery != null && delivery.known()) {
      status.setDelivery(delivery.counts());
    }
    if (campaign.spec().hasAbTest()) {
      status.setAbTest(abTest(campaign));
    }
    String stored = campaign.message() == null ? "" : campaign.message();
    if (FAILED.equals(campaign.phase())) {
      return status.setPhase(CampaignPhase.CAMPAIGN_PHASE_FAILED).setMessage(stored).build();
    }
    if (COMPLETED.equals(campaign.phase())) {
      return status.setPhase(CampaignPhase.CAMPAIGN_PHASE_COMPLETED).setMessage(stored).build();
    }
    if (campaign.spec().getSuspended()) {
      return status
          .setPhase(CampaignPhase.CAMPAIGN_PHASE_PAUSED)
          .setMessage(
              progress.expansionComplete()
                  ? "suspended; messages already queued are still dispatched"
                  : "suspended; audience expansion is paused")
          .build();
    }
    boolean held = windowOpensAt != null && progress.tally(Tallies.HELD_FOR_WINDOW) > 0;
    if (!progress.expansionComplete()) {
      if (!campaign.started()) {
        return start.isAfter(now)
            ? status
                .setPhase(CampaignPhase.CAMPAIGN_PHASE_SCHEDULED)
                .setMessage(stored.isEmpty() ? "starts at " + start : stored)
                .build()
            : status
                .setPhase(CampaignPhase.CAMPAIGN_PHASE_PENDING)
                .setMessage(stored.isEmpty() ? "due; waiting for a scheduler" : stored)
                .build();
      }
      if (campaign.spec().hasAbTest() && campaign.abDecision() == null && stored.isEmpty()) {
        return status
            .setPhase(CampaignPhase.CAMPAIGN_PHASE_SENDING)
            .setMessage(
                campaign.abSampled()
                    ? "A/B test: the sample is queued; the rest waits for the decision at "
                        + ProtoTime.instant(status.getAbTest().getDecideAt())
                    : "A/B test: queueing the sample")
            .build();
      }
      if (held && stored.isEmpty()) {
        return heldUntil(status, windowOpensAt, "expanding the audience");
      }
      return status
          .setPhase(CampaignPhase.CAMPAIGN_PHASE_SENDING)
          .setMessage(stored.isEmpty() ? "expanding the audience" : stored)
          .build();
    }
    if (progress.queued() == 0) {
      return status
          .setPhase(CampaignPhase.CAMPAIGN_PHASE_COMPLETED)
          .setMessage("no contact of the audience could be messaged")
          .build();
    }
    if (delivery == null || !delivery.known()) {
      return status
          .setPhase(CampaignPhase.CAMPAIGN_PHASE_SENDING)
          .setMessage(
              "audience queued; delivery progress unknown: analytics unreachable ("
                  + (delivery == null ? "not asked" : delivery.unavailable())
                  + ")")
          .build();
    }
    if (delivery.resolved() >= progress.queued()) {
      return status
          .setPhase(CampaignPhase.CAMPAIGN_PHASE_COMPLETED)
          .setMessage("all " + progress.queued() + " queued messages resolved")
          .build();
    }
    String resolved =
        delivery.resolved() + " of " + progress.queued() + " queued messages resolved";
    if (held) {
      return heldUntil(status, windowOpensAt, resolved);
    }
    return status.setPhase(CampaignPhase.CAMPAIGN_PHASE_SENDING).setMessage(resolved).build();
  }

  /** The A/B test's decision once made, else its stage and sample so far. */
  static AbTestStatus abTest(StoredCampaign campaign) {
    if (campaign.abDecision() != null) {
      return campaign.abDecision();
    }
    AbTest test = campaign.spec().getAbTest();
    return AbTestStatus.newBuilder()
        .setStage(
            campaign.abSampled()
                ? AbTestStage.AB_TEST_STAGE_WAITING
                : AbTestStage.AB_TEST_STAGE_SAMPLING)
        .setSample(campaign.progress().tally(Tallies.AB_SAMPLE))
        .setDecideAt(test.getDecideAt())
        .setMetric(
            test.getMetric() == AbTestMetric.AB_TEST_METRIC_UNSPECIFIED
                ? AbTestMetric.AB_TEST_METRIC_CLICKS
                : test.getMetric())
        .setMethod(
            test.getMethod() == AbTestMethod.AB_TEST_METHOD_UNSPECIFIED
                ? AbTestMethod.AB_TEST_METHOD_Z_TEST
                : test.getMethod())
        .build();
  }

  private static CampaignStatus heldUntil(
      CampaignStatus.Builder status, Instant opensAt, String progress) {
    return status
        .setPhase(CampaignPhase.CAMPAIGN_PHASE_HELD)
        .setMessage(
            "held by the compliance policy until its window opens at " + opensAt + "; " + progress)
        .build();
  }

  /** A cost as the status states it: to the cent, half up, e.g. "12.35". */
  public static String amount(BigDecimal cost) {
    return cost.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  /** The cost of the queued parts; with several currencies (rare), the first and a note. */
  private static CostPreview cost(CampaignProgress progress) {
    Map<String, BigDecimal> costs = Tallies.costs(progress.tallies());
    CostPreview.Builder cost =
        CostPreview.newBuilder()
            .setPricedParts(progress.tally(Tallies.PRICED_PARTS))
            .setUnpricedParts(progress.tally(Tallies.UNPRICED_PARTS));
    if (costs.isEmpty()) {
      return cost.setAmount("0").setCurrency("").build();
    }
    Map.Entry<String, BigDecimal> first = costs.entrySet().iterator().next();
    return cost.setAmount(amount(first.getValue()))
        .setCurrency(costs.size() == 1 ? first.getKey() : first.getKey() + " (and others)")
        .build();
  }
}
