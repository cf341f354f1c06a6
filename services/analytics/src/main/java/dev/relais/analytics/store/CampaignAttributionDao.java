package dev.relais.analytics.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.analytics.conversion.CampaignWindows;
import java.time.Duration;
import java.util.Optional;

/** The attribution windows campaigns set ({@code campaign_attribution}, one row per campaign). */
public final class CampaignAttributionDao implements CampaignWindows.Store {

  private final CqlSession session;
  private final PreparedStatement upsert;
  private final PreparedStatement delete;
  private final PreparedStatement select;

  public CampaignAttributionDao(CqlSession session) {
    this.session = session;
    this.upsert =
        session.prepare(
            "INSERT INTO campaign_attribution (campaign_id, click_window_ms, delivery_window_ms)"
                + " VALUES (?, ?, ?)");
    this.delete = session.prepare("DELETE FROM campaign_attribution WHERE campaign_id = ?");
    this.select =
        session.prepare(
            "SELECT click_window_ms, delivery_window_ms FROM campaign_attribution"
                + " WHERE campaign_id = ?");
  }

  @Override
  public void save(String campaignId, CampaignWindows.Setting windows) {
    if (windows.click().isEmpty() && windows.delivery().isEmpty()) {
      session.execute(delete.bind(campaignId).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
      return;
    }
    session.execute(
        upsert
            .bind(
                campaignId,
                windows.click().map(Duration::toMillis).orElse(null),
                windows.delivery().map(Duration::toMillis).orElse(null))
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  @Override
  public CampaignWindows.Setting find(String campaignId) {
    Row row =
        session
            .execute(select.bind(campaignId).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
            .one();
    if (row == null) {
      return CampaignWindows.Setting.NONE;
    }
    return new CampaignWindows.Setting(
        millis(row, "click_window_ms"), millis(row, "delivery_window_ms"));
  }

  private static Optional<Duration> millis(Row row, String column) {
    return row.isNull(column)
        ? Optional.empty()
        : Optional.of(Duration.ofMillis(row.getLong(column)));
  }
}
