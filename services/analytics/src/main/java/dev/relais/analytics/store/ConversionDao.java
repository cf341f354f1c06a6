package dev.relais.analytics.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import dev.relais.analytics.conversion.Attribution;
import dev.relais.analytics.conversion.RevenueTally;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * Orders ({@code conversion_orders}, one per order id, first write wins) and the attributed ones of
 * each campaign ({@code campaign_conversions}, summed at read time).
 */
public final class ConversionDao {

  /**
   * An order as first recorded.
   *
   * @param campaignId empty when the order was attributed to nothing, like variant and messageId
   */
  public record StoredConversion(
      String orderId,
      Attribution.Kind attribution,
      String campaignId,
      String variant,
      String messageId,
      BigDecimal amount,
      String currency,
      Instant occurredAt) {

    public boolean attributed() {
      return attribution != Attribution.Kind.NONE;
    }
  }

  private final CqlSession session;
  private final PreparedStatement insertOrder;
  private final PreparedStatement selectOrder;
  private final PreparedStatement insertCampaignRow;
  private final PreparedStatement selectCampaign;

  public ConversionDao(CqlSession session) {
    this.session = session;
    this.insertOrder =
        session.prepare(
            "INSERT INTO conversion_orders (order_id, attribution, campaign_id, variant, message_id,"
                + " amount, currency, occurred_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
    this.selectOrder =
        session.prepare(
            "SELECT order_id, attribution, campaign_id, variant, message_id, amount, currency,"
                + " occurred_at FROM conversion_orders WHERE order_id = ?");
    this.insertCampaignRow =
        session.prepare(
            SimpleStatement.newInstance(
                    "INSERT INTO campaign_conversions (campaign_id, variant, order_id, amount,"
                        + " currency) VALUES (?, ?, ?, ?, ?)")
                .setIdempotent(true));
    this.selectCampaign =
        session.prepare(
            "SELECT variant, amount, currency FROM campaign_conversions WHERE campaign_id = ?");
  }

  /** The order as first recorded, if it was. */
  public Optional<StoredConversion> find(String orderId) {
    Row row =
        session
            .execute(selectOrder.bind(orderId).setConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL))
            .one();
    return Optional.ofNullable(row).map(ConversionDao::conversion);
  }

  /**
   * Records an order unless its id is recorded already: empty when this call recorded it, else the
   * order as another report recorded it first.
   */
  public Optional<StoredConversion> insertIfAbsent(StoredConversion conversion) {
    ResultSet result =
        session.execute(
            insertOrder
                .bind(
                    conversion.orderId(),
                    conversion.attribution().name(),
                    conversion.campaignId(),
                    conversion.variant(),
                    conversion.messageId(),
                    conversion.amount(),
                    conversion.currency(),
                    conversion.occurredAt())
                .setSerialConsistencyLevel(ConsistencyLevel.LOCAL_SERIAL)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
    return result.wasApplied() ? Optional.empty() : Optional.of(conversion(result.one()));
  }

  /**
   * Files an attributed order under its campaign; idempotent (one row per order), so an order filed
   * again by a retry still counts once.
   */
  public void fileUnderCampaign(StoredConversion conversion) {
    session.execute(
        insertCampaignRow
            .bind(
                conversion.campaignId(),
                conversion.variant(),
                conversion.orderId(),
                conversion.amount(),
                conversion.currency())
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  /** A campaign's conversions and revenue, in total and per variant. */
  public RevenueTally campaign(String campaignId) {
    RevenueTally tally = new RevenueTally();
    for (Row row :
        session.execute(
            selectCampaign.bind(campaignId).setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      tally.add(row.getString("variant"), row.getString("currency"), row.getBigDecimal("amount"));
    }
    return tally;
  }

  private static StoredConversion conversion(Row row) {
    return new StoredConversion(
        row.getString("order_id"),
        Attribution.Kind.valueOf(row.getString("attribution")),
        orEmpty(row.getString("campaign_id")),
        orEmpty(row.getString("variant")),
        orEmpty(row.getString("message_id")),
        row.getBigDecimal("amount"),
        row.getString("currency"),
        row.getInstant("occurred_at"));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
