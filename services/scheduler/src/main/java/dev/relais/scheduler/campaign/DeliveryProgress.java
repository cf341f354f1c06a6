package dev.relais.scheduler.campaign;

/** How many of a campaign's queued messages dispatch has resolved, as analytics counts them. */
public interface DeliveryProgress {

  /** The answer, or why there is none. */
  record Resolution(long resolved, String unavailable) {

    public static Resolution of(long resolved) {
      return new Resolution(resolved, null);
    }

    public static Resolution unavailable(String why) {
      return new Resolution(0, why);
    }

    public boolean known() {
      return unavailable == null;
    }
  }

  /** Messages submitted, failed at submission or expired so far. */
  Resolution resolved(String campaignId);
}
