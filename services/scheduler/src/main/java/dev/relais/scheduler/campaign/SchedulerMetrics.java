package dev.relais.scheduler.campaign;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.Map;

/**
 * The scheduler's instruments: messages queued per campaign and contacts left out by suppression
 * reason. Counted from each saved expansion progress (once per audience page, never per message),
 * so a page queued again after a failure is counted once. Labels: campaign and reason only.
 */
public final class SchedulerMetrics {

  static final AttributeKey<String> CAMPAIGN = AttributeKey.stringKey("campaign");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

  private final LongCounter queued;
  private final LongCounter suppressed;

  public SchedulerMetrics(Meter meter) {
    queued =
        meter
            .counterBuilder("relais.scheduler.messages.queued")
            .setDescription("Messages written to the dispatch queue, per campaign")
            .setUnit("{message}")
            .build();
    suppressed =
        meter
            .counterBuilder("relais.scheduler.suppressions")
            .setDescription("Contacts of a campaign's audience left out, by reason")
            .setUnit("{contact}")
            .build();
  }

  /** Counts what {@code after}, just saved, adds over {@code before}, the campaign's last save. */
  void progressed(String campaign, CampaignProgress before, CampaignProgress after) {
    Attributes attributes = Attributes.of(CAMPAIGN, campaign);
    long messages = after.queued() - before.queued();
    if (messages > 0) {
      queued.add(messages, attributes);
    }
    for (Map.Entry<String, Long> reason : after.suppressed().entrySet()) {
      long added = reason.getValue() - before.suppressed().getOrDefault(reason.getKey(), 0L);
      if (added > 0) {
        suppressed.add(added, attributes.toBuilder().put(REASON, reason.getKey()).build());
      }
    }
  }
}
