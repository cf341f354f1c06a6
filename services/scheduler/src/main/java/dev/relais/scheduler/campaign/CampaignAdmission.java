package dev.relais.scheduler.campaign;

import dev.relais.common.telemetry.TraceParent;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.scheduler.store.CampaignStore;
import dev.relais.scheduler.store.StoredCampaign;
import io.opentelemetry.api.trace.Span;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Accepts campaigns (UpsertCampaign), idempotently per (id, generation).
 *
 * <ul>
 *   <li>same generation as stored (or older): nothing changes;
 *   <li>new generation of a campaign whose expansion has not begun: the spec is replaced;
 *   <li>new generation of a started campaign: only {@code suspended} may change (pause/resume); any
 *       other change is refused, because messages already queued were built from the old spec;
 *   <li>invalid spec: refused with a readable reason, nothing stored.
 * </ul>
 */
public final class CampaignAdmission {

  /** Optimistic updates retried when another writer got in between. */
  private static final int ATTEMPTS = 5;

  private final CampaignStore store;
  private final CampaignValidator validator;
  private final Clock clock;

  public CampaignAdmission(CampaignStore store, CampaignValidator validator, Clock clock) {
    this.store = store;
    this.validator = validator;
    this.clock = clock;
  }

  /**
   * Stores {@code spec} if it is new and returns the campaign as stored afterwards.
   *
   * @throws IllegalArgumentException when the spec is invalid
   * @throws CampaignConflictException when a started campaign would change more than suspension
   */
  public StoredCampaign upsert(Campaign spec) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Instant now = clock.instant();
      StoredCampaign existing = store.find(spec.getId()).orElse(null);
      if (existing != null && spec.getGeneration() <= existing.generation()) {
        return existing;
      }
      if (existing == null) {
        CompiledCampaign compiled = validator.accept(spec, now);
        if (store.create(spec, now, compiled.start(), now, callerTrace())) {
          return store.find(spec.getId()).orElseThrow();
        }
        continue;
      }
      if (!existing.started()) {
        CompiledCampaign compiled = validator.accept(spec, now);
        if (store.replaceUnstarted(
            spec, existing.generation(), now, compiled.start(), now, callerTrace())) {
          return store.find(spec.getId()).orElseThrow();
        }
        continue;
      }
      List<String> changed = changesBesidesSuspension(existing.spec(), spec);
      if (!changed.isEmpty()) {
        throw new CampaignConflictException(
            "campaign "
                + spec.getId()
                + " started sending at "
                + existing.startedAt()
                + "; only suspend can change now, but "
                + String.join(", ", changed)
                + (changed.size() == 1 ? " was" : " were")
                + " changed: create a new campaign instead");
      }
      CompiledCampaign compiled = validator.compile(existing.spec(), existing.acceptedAt());
      if (store.updateStarted(
          spec,
          existing.generation(),
          compiled.start(),
          existing.progress().expansionComplete(),
          now)) {
        return store.find(spec.getId()).orElseThrow();
      }
    }
    throw new CampaignConflictException(
        "campaign " + spec.getId() + " is being updated concurrently; retry");
  }

  /**
   * The span of the request being answered (the UpsertCampaign server span, child of the operator's
   * reconcile span), which becomes the campaign's trace.
   */
  private static String callerTrace() {
    return TraceParent.of(Span.current());
  }

  /**
   * The proto fields that differ between two specs, ignoring generation, suspension and the
   * audience estimate (a figure for the cost preview, which moves as the segment is re-estimated).
   */
  static List<String> changesBesidesSuspension(Campaign before, Campaign after) {
    Campaign a =
        before.toBuilder().clearGeneration().clearSuspended().clearAudienceEstimate().build();
    Campaign b =
        after.toBuilder().clearGeneration().clearSuspended().clearAudienceEstimate().build();
    List<String> changed = new ArrayList<>();
    if (a.equals(b)) {
      return changed;
    }
    for (var field : Campaign.getDescriptor().getFields()) {
      boolean same =
          field.isRepeated()
              ? a.getField(field).equals(b.getField(field))
              : a.hasField(field) == b.hasField(field)
                  && a.getField(field).equals(b.getField(field));
      if (!same) {
        changed.add(field.getName());
      }
    }
    return changed;
  }
}
