package dev.relais.scheduler.store;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RoutePrice;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The routes declared with UpsertRoute. */
public final class RouteStore {

  private final CqlSession session;
  private final PreparedStatement upsert;
  private final PreparedStatement all;

  public RouteStore(CqlSession session) {
    this.session = session;
    upsert =
        session.prepare(
            "INSERT INTO routes (name, prefixes, priority, shards, cost_per_segment, currency,"
                + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    all =
        session.prepare(
            "SELECT name, prefixes, priority, shards, cost_per_segment, currency FROM routes");
  }

  public void upsert(RouteDefinition route) {
    session.execute(
        upsert
            .bind(
                route.name(),
                route.prefixes(),
                route.priority(),
                route.shards(),
                route.price().perSegment(),
                route.price().currency(),
                Instant.now())
            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM));
  }

  public List<RouteDefinition> all() {
    List<RouteDefinition> routes = new ArrayList<>();
    for (Row row : session.execute(all.bind().setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
      routes.add(
          new RouteDefinition(
              row.getString("name"),
              row.getList("prefixes", String.class),
              row.getInt("priority"),
              row.getInt("shards"),
              price(row)));
    }
    return routes;
  }

  private static RoutePrice price(Row row) {
    BigDecimal amount = row.getBigDecimal("cost_per_segment");
    return amount == null ? RoutePrice.UNKNOWN : new RoutePrice(amount, row.getString("currency"));
  }
}
