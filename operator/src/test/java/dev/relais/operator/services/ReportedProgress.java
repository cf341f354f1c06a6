package dev.relais.operator.services;

/** The progress reports tests script, named by the state of the campaign they describe. */
public final class ReportedProgress {

  private ReportedProgress() {}

  /** A campaign in {@code phase} whose whole audience of {@code contacts} is read and queued. */
  public static CampaignProgress.Builder allQueued(String phase, long contacts) {
    return CampaignProgress.builder()
        .phase(phase)
        .audience(contacts)
        .queued(contacts)
        .expansionComplete(true);
  }

  /** A campaign of 1000 contacts sending its A/B test, {@code queued} of them queued so far. */
  public static CampaignProgress abTesting(CampaignProgress.AbTest test, long queued) {
    return CampaignProgress.builder()
        .phase("Sending")
        .audience(1000)
        .queued(queued)
        .abTest(test)
        .build();
  }
}
