package dev.relais.scheduler.campaign;

import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.scheduler.store.StoredCampaign;
import java.time.Instant;

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
 *   <li>COMPLETED once expanded and resolved (at once when nothing was queued).
 * </ul>
 */
public final class CampaignStatusView {

  public static final String COMPLETED = "COMPLETED";
  public static final String FAILED = "FAILED";

  private CampaignStatusView() {}

  /** True when the phase depends on delivery progress, so analytics must be asked. */
  public static boolean needsDeliveryProgress(StoredCampaign campaign) {
    return campaign.progress().expansionComplete()
        && campaign.progress().queued() > 0
        && !campaign.spec().getSuspended()
        && !COMPLETED.equals(campaign.phase())
        && !FAILED.equals(campaign.phase());
  }

  /**
   * The status to report.
   *
   * @param delivery delivery progress when {@link #needsDeliveryProgress} said so, else null
   */
  public static CampaignStatus of(
      StoredCampaign campaign, Instant start, Instant now, DeliveryProgress.Resolution delivery) {
    CampaignProgress progress = campaign.progress();
    CampaignStatus.Builder status =
        CampaignStatus.newBuilder()
            .setId(campaign.id())
            .setObservedGeneration(campaign.generation())
            .setAudience(progress.audience())
            .putAllSuppressed(progress.suppressed())
            .setQueued(progress.queued())
            .setQueuedParts(progress.queuedParts())
            .setExpansionComplete(progress.expansionComplete());
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
    return status
        .setPhase(CampaignPhase.CAMPAIGN_PHASE_SENDING)
        .setMessage(delivery.resolved() + " of " + progress.queued() + " queued messages resolved")
        .build();
  }
}
