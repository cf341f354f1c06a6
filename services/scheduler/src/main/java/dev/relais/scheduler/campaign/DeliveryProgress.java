package dev.relais.scheduler.campaign;

import dev.relais.proto.scheduler.v1.DeliveryCounts;
import java.util.Map;

/** How far dispatch got with a campaign's queued messages, as analytics counts them. */
public interface DeliveryProgress {

  /**
   * The answer, or why there is none.
   *
   * @param variants the counts by A/B variant name, for the variants analytics has seen
   */
  record Resolution(
      long resolved,
      DeliveryCounts counts,
      String unavailable,
      Map<String, DeliveryCounts> variants) {

    public Resolution {
      variants = Map.copyOf(variants);
    }

    /** {@code resolved} messages, without a breakdown. */
    public static Resolution of(long resolved) {
      return new Resolution(resolved, DeliveryCounts.getDefaultInstance(), null, Map.of());
    }

    /** Resolved = submitted + failed + expired. */
    public static Resolution of(DeliveryCounts counts) {
      return of(counts, Map.of());
    }

    /** Resolved = submitted + failed + expired, with the counts by A/B variant. */
    public static Resolution of(DeliveryCounts counts, Map<String, DeliveryCounts> variants) {
      return new Resolution(
          counts.getSubmitted() + counts.getSubmitFailed() + counts.getExpired(),
          counts,
          null,
          variants);
    }

    public static Resolution unavailable(String why) {
      return new Resolution(0, DeliveryCounts.getDefaultInstance(), why, Map.of());
    }

    public boolean known() {
      return unavailable == null;
    }
  }

  /** Messages submitted, failed at submission or expired so far, with the breakdown. */
  Resolution resolved(String campaignId);
}
