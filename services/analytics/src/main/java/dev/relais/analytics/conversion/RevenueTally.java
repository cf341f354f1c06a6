package dev.relais.analytics.conversion;

import dev.relais.proto.analytics.v1.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums attributed conversions exactly: counts and revenue per currency, for a campaign and for each
 * of its variants. Amounts are decimals added as such (never floating point), keeping the finest
 * scale of what was added ("49.90" + "10" = "59.90").
 */
public final class RevenueTally {

  private long conversions;
  private final Map<String, BigDecimal> revenue = new TreeMap<>();
  private final Map<String, RevenueTally> variants = new TreeMap<>();

  /** Adds one conversion; {@code variant} "" (the campaign has none) counts in the total only. */
  public void add(String variant, String currency, BigDecimal amount) {
    addOwn(currency, amount);
    if (variant != null && !variant.isEmpty()) {
      variants.computeIfAbsent(variant, v -> new RevenueTally()).addOwn(currency, amount);
    }
  }

  private void addOwn(String currency, BigDecimal amount) {
    conversions++;
    revenue.merge(currency, amount, BigDecimal::add);
  }

  public long conversions() {
    return conversions;
  }

  /** One entry per currency, ordered by currency code. */
  public List<Money> revenue() {
    return revenue.entrySet().stream()
        .map(e ->
            Money.newBuilder()
                .setCurrency(e.getKey())
                .setAmount(e.getValue().toPlainString())
                .build())
        .toList();
  }

  /** The tally of one variant; empty when none of its messages converted. */
  public RevenueTally variant(String name) {
    return variants.getOrDefault(name, new RevenueTally());
  }

  /** The variants with at least one conversion, by name. */
  public Map<String, RevenueTally> variants() {
    return variants;
  }
}
