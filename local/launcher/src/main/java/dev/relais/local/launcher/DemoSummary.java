package dev.relais.local.launcher;

import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the local demo did, from the services' own records: the import report, the scheduler's
 * audience and suppressions, and analytics' counts of what the SMSC accepted and delivered.
 */
public record DemoSummary(
    String campaignId,
    String clockNote,
    ImportReport imported,
    CampaignStatus status,
    CampaignStats stats,
    long simulatorReceived,
    Duration elapsed) {

  public long audience() {
    return status.getAudience();
  }

  public Map<String, Long> suppressed() {
    return new TreeMap<>(status.getSuppressedMap());
  }

  public long queued() {
    return status.getQueued();
  }

  public long submitted() {
    return stats.getSubmitted();
  }

  public long delivered() {
    return stats.getDelivered();
  }

  /** Refused by the SMSC or reported undelivered by a receipt. */
  public long failed() {
    return stats.getSubmitFailed() + stats.getUndelivered();
  }

  public void print(PrintStream out) {
    out.println();
    out.println("== Campaign " + campaignId + " ==");
    if (!clockNote.isEmpty()) {
      out.println("Clock:                " + clockNote);
    }
    out.printf(
        "Contacts file:        %d rows, %d imported, %d rejected %s%n",
        imported.getRows(),
        imported.getImported() + imported.getUpdated(),
        imported.getRejected(),
        imported.getRejectedByReasonMap().isEmpty()
            ? ""
            : new TreeMap<>(imported.getRejectedByReasonMap()).toString());
    out.printf("Audience:             %d%n", audience());
    long suppressedTotal = suppressed().values().stream().mapToLong(Long::longValue).sum();
    out.printf("Suppressed:           %d%n", suppressedTotal);
    suppressed().forEach((reason, count) -> out.printf("  %-20s%d%n", reason + ":", count));
    out.printf("Queued:               %d (%d SMS parts)%n", queued(), status.getQueuedParts());
    if (status.getHeldForWindow() > 0) {
      out.printf(
          "  held for the window:%d (sent when the policy window opens)%n",
          status.getHeldForWindow());
    }
    if (status.hasCost() && !status.getCost().getCurrency().isEmpty()) {
      out.printf(
          "Cost:                 %s %s (%d parts priced, %d without a route price)%n",
          status.getCost().getAmount(),
          status.getCost().getCurrency(),
          status.getCost().getPricedParts(),
          status.getCost().getUnpricedParts());
    }
    out.printf("Submitted:            %d%n", submitted());
    out.printf("Delivered:            %d%n", delivered());
    out.printf(
        "Failed:               %d (refused %d, undelivered %d)%n",
        failed(), stats.getSubmitFailed(), stats.getUndelivered());
    out.printf(
        "Expired:              %d (deadline passed, or opted out after queueing)%n",
        stats.getExpired());
    out.printf("Delivery rate:        %.1f%%%n", stats.getDeliveryRate() * 100);
    out.printf("SMSC received:        %d messages%n", simulatorReceived);
    out.printf("Elapsed:              %.1f s%n", elapsed.toMillis() / 1000.0);
  }
}
