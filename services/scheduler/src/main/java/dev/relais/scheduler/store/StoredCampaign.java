package dev.relais.scheduler.store;

import dev.relais.proto.scheduler.v1.AbTestStatus;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.scheduler.campaign.CampaignProgress;
import java.time.Instant;

/**
 * A campaign as persisted: the accepted spec, when it was accepted and started, who expands it, and
 * its progress.
 *
 * @param phase the runner's last recorded phase name (e.g. SENDING, COMPLETED, FAILED), or "" when
 *     expansion has not begun
 * @param startedAt when expansion began; null while it has not, which is what allows a new
 *     generation to replace the spec
 * @param owner the scheduler instance holding the expansion lease, or null
 * @param traceparent W3C traceparent of the request that stored this generation (the campaign's
 *     trace, which its expansion continues), or null when it came without one
 * @param abSampled true once an A/B test's sample is queued ({@code progress} then counts the
 *     rest's expansion, on top of the sample's counts)
 * @param abDecision the A/B test's decision, or null while it is not made
 */
public record StoredCampaign(
    Campaign spec,
    Instant acceptedAt,
    String phase,
    Instant startedAt,
    String owner,
    CampaignProgress progress,
    String message,
    String traceparent,
    boolean abSampled,
    AbTestStatus abDecision) {

  /** A campaign without an A/B test's state. */
  public StoredCampaign(
      Campaign spec,
      Instant acceptedAt,
      String phase,
      Instant startedAt,
      String owner,
      CampaignProgress progress,
      String message,
      String traceparent) {
    this(spec, acceptedAt, phase, startedAt, owner, progress, message, traceparent, false, null);
  }

  /** A campaign stored without a trace. */
  public StoredCampaign(
      Campaign spec,
      Instant acceptedAt,
      String phase,
      Instant startedAt,
      String owner,
      CampaignProgress progress,
      String message) {
    this(spec, acceptedAt, phase, startedAt, owner, progress, message, null);
  }

  public String id() {
    return spec.getId();
  }

  public long generation() {
    return spec.getGeneration();
  }

  public boolean started() {
    return startedAt != null;
  }
}
