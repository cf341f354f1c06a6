package dev.relais.links.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import dev.relais.links.click.ClickTally;
import dev.relais.proto.links.v1.ClickCounts;
import dev.relais.proto.links.v1.LinkStats;
import dev.relais.proto.links.v1.VariantLinkStats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Reads and increments the click counters of {@code campaign_link_counters}. */
public final class ClickCounterDao {

  private final CqlSession session;
  private final PreparedStatement increment;
  private final PreparedStatement select;

  public ClickCounterDao(CqlSession session) {
    this.session = session;
    // Counter increments are not idempotent: the driver must never retry or speculate them.
    this.increment =
        session.prepare(
            "UPDATE campaign_link_counters SET clicks = clicks + ?,"
                + " unique_clicks = unique_clicks + ?, bot_clicks = bot_clicks + ?"
                + " WHERE campaign_id = ? AND variant = ?");
    this.select =
        session.prepare(
            "SELECT variant, clicks, unique_clicks, bot_clicks FROM campaign_link_counters"
                + " WHERE campaign_id = ?");
  }

  /** Applies a tally: one counter batch per campaign, whose rows share its partition. */
  public CompletionStage<Void> increment(ClickTally tally) {
    Map<String, List<BatchableStatement<?>>> byCampaign = new LinkedHashMap<>();
    tally
        .deltas()
        .forEach((key, d) ->
            byCampaign
                .computeIfAbsent(key.campaignId(), c -> new ArrayList<>())
                .add(
                    increment.bind(
                        d.clicks(),
                        d.uniqueClicks(),
                        d.botClicks(),
                        key.campaignId(),
                        key.variant())));
    List<CompletableFuture<?>> writes = new ArrayList<>();
    for (List<BatchableStatement<?>> updates : byCampaign.values()) {
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

  /** The counts of a campaign, per variant (by name) and in total; zero when never clicked. */
  public LinkStats read(String campaignId) {
    long clicks = 0;
    long unique = 0;
    long bots = 0;
    LinkStats.Builder stats = LinkStats.newBuilder().setCampaignId(campaignId);
    for (Row row :
        session.execute(
            select.bind(campaignId).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      ClickCounts counts =
          ClickCounts.newBuilder()
              .setClicks(row.getLong("clicks"))
              .setUniqueClicks(row.getLong("unique_clicks"))
              .setBotClicks(row.getLong("bot_clicks"))
              .build();
      clicks += counts.getClicks();
      unique += counts.getUniqueClicks();
      bots += counts.getBotClicks();
      stats.addVariants(
          VariantLinkStats.newBuilder().setVariant(row.getString("variant")).setCounts(counts));
    }
    return stats
        .setTotal(
            ClickCounts.newBuilder().setClicks(clicks).setUniqueClicks(unique).setBotClicks(bots))
        .build();
  }
}
