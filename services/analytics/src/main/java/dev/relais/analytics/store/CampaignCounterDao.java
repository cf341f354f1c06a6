package dev.relais.analytics.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.relais.analytics.events.CampaignCounts;
import dev.relais.analytics.events.CounterKey;
import dev.relais.analytics.events.EventTypeColumn;
import dev.relais.proto.analytics.v1.EventType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Reads and increments the per-campaign event counters in {@code campaign_counters}. */
public final class CampaignCounterDao {

  private final CqlSession session;
  private final PreparedStatement increment;
  private final PreparedStatement selectCampaign;

  public CampaignCounterDao(CqlSession session) {
    this.session = session;
    // Counter increments are not idempotent: the driver must never retry or speculate them.
    this.increment =
        session.prepare(
            "UPDATE campaign_counters SET events = events + ?"
                + " WHERE campaign_id = ? AND type = ? AND variant = ?");
    this.selectCampaign =
        session.prepare(
            "SELECT type, variant, events FROM campaign_counters WHERE campaign_id = ?");
  }

  /**
   * Applies counter deltas grouped by campaign. Each campaign's deltas go as one counter batch:
   * they all live in that campaign's partition, so Cassandra applies them together or not at all.
   */
  public CompletionStage<Void> increment(Map<String, Map<CounterKey, Long>> deltasByCampaign) {
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (Map<CounterKey, Long> deltas : deltasByCampaign.values()) {
      List<BatchableStatement<?>> updates = new ArrayList<>(deltas.size());
      deltas.forEach((key, delta) ->
          updates.add(
              increment.bind(
                  delta, key.campaignId(), EventTypeColumn.toColumn(key.type()), key.variant())));
      Statement<?> write =
          updates.size() == 1
              ? updates.get(0)
              : BatchStatement.newInstance(BatchType.COUNTER, updates);
      writes.add(
          session
              .executeAsync(write.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
  }

  /** The counts of a campaign, summed over variants; all zero for a campaign never counted. */
  public CampaignCounts read(String campaignId) {
    return readWithVariants(campaignId).total();
  }

  /**
   * The counts of a campaign, summed over variants and by A/B variant.
   *
   * @param total every event of the campaign
   * @param variants by variant name, sorted; events without a variant are in total only
   */
  public record Counts(CampaignCounts total, Map<String, CampaignCounts> variants) {}

  /** The counts of a campaign and of each of its A/B variants, from one read of its partition. */
  public Counts readWithVariants(String campaignId) {
    Map<EventType, Long> totals = new EnumMap<>(EventType.class);
    Map<String, Map<EventType, Long>> byVariant = new TreeMap<>();
    for (Row row :
        session.execute(
            selectCampaign.bind(campaignId).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      String variant = row.getString("variant");
      long events = row.getLong("events");
      EventTypeColumn.fromColumn(row.getString("type"))
          .ifPresent(type -> {
            totals.merge(type, events, Long::sum);
            if (variant != null && !variant.isEmpty()) {
              byVariant
                  .computeIfAbsent(variant, v -> new EnumMap<>(EventType.class))
                  .merge(type, events, Long::sum);
            }
          });
    }
    Map<String, CampaignCounts> variants = new TreeMap<>();
    byVariant.forEach((name, counts) -> variants.put(name, CampaignCounts.fromTotals(counts)));
    return new Counts(CampaignCounts.fromTotals(totals), variants);
  }
}
