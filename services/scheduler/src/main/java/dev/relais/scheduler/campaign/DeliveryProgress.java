package dev.relais.scheduler.campaign;

import dev.relais.proto.scheduler.v1.DeliveryCounts;

/** How far dispatch got with a campaign's queued messages, as analytics counts them. */
public interface DeliveryProgress {

  /** The answer, or why there is none. */
  record Resolution(long resolved, DeliveryCounts counts, String unavailable) {

    /** {@code resolved} messages, without a breakdown. */
    public static Resolution of(long resolved) {
      return new Resolution(resolved, DeliveryCounts.getDefaultInstance(), null);
    }

    /** Resolved = submitted + failed + expired. */
    public static Resolution of(DeliveryCounts counts) {
      return new Resolution(
          counts.getSubmitted() + counts.getSubmitFailed() + counts.getExpired(), counts, null);
    }

    public static Resolution unavailable(String why) {
      return new Resolution(0, DeliveryCounts.getDefaultInstance(), why);
    }

    public boolean known() {
      return unavailable == null;
    }
  }

  /** Messages submitted, failed at submission or expired so far, with the breakdown. */
  Resolution resolved(String campaignId);
}
