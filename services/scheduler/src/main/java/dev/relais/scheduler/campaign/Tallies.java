package dev.relais.scheduler.campaign;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * Named counts an expansion keeps besides its fixed ones, persisted as one map so that a new count
 * needs no schema change: messages held for the policy window, the cost of the queued parts, and
 * the messages sent in UCS-2, the messages, parts and cost queued per A/B variant.
 */
public final class Tallies {

  /** Messages the compliance policy moved to a later sending window. */
  public static final String HELD_FOR_WINDOW = "held-for-window";

  /** Parts queued on routes with a declared price. */
  public static final String PRICED_PARTS = "priced-parts";

  /** Parts queued on routes without a declared price. */
  public static final String UNPRICED_PARTS = "unpriced-parts";

  /** Messages queued in UCS-2: a character outside GSM-7 in their template or contact values. */
  public static final String UCS2_MESSAGES = "ucs2-messages";

  /** Parts of the messages queued in UCS-2. */
  public static final String UCS2_PARTS = "ucs2-parts";

  /** Recipients of an A/B test's sample, as the sample pass reads them. */
  public static final String AB_SAMPLE = "ab-sample";

  /** Recipients outside an A/B test's sample the sample pass read: they wait for the decision. */
  public static final String AB_WAITING = "ab-waiting";

  private static final String COST_PREFIX = "cost-micros:";

  private static final String VARIANT_QUEUED_PREFIX = "variant-queued:";

  private static final String VARIANT_PARTS_PREFIX = "variant-parts:";

  private static final String VARIANT_COST_PREFIX = "variant-cost-micros:";

  private Tallies() {}

  /** The key of the cost in {@code currency}, in millionths of its unit. */
  public static String costKey(String currency) {
    return COST_PREFIX + currency;
  }

  /** The key of the messages queued for A/B variant {@code name}. */
  public static String variantQueuedKey(String name) {
    return VARIANT_QUEUED_PREFIX + name;
  }

  /** The key of the parts of the messages queued for A/B variant {@code name}. */
  public static String variantPartsKey(String name) {
    return VARIANT_PARTS_PREFIX + name;
  }

  /**
   * The key of the cost of A/B variant {@code name}'s parts in {@code currency}, in millionths of
   * its unit (a variant name has no ':').
   */
  public static String variantCostKey(String name, String currency) {
    return VARIANT_COST_PREFIX + name + ":" + currency;
  }

  /** The costs by currency, as decimal amounts. */
  public static Map<String, BigDecimal> costs(Map<String, Long> tallies) {
    return costsUnder(COST_PREFIX, tallies);
  }

  /** The costs of A/B variant {@code name}'s parts by currency, as decimal amounts. */
  public static Map<String, BigDecimal> variantCosts(Map<String, Long> tallies, String name) {
    return costsUnder(VARIANT_COST_PREFIX + name + ":", tallies);
  }

  private static Map<String, BigDecimal> costsUnder(String prefix, Map<String, Long> tallies) {
    Map<String, BigDecimal> costs = new TreeMap<>();
    tallies.forEach((key, micros) -> {
      if (key.startsWith(prefix)) {
        costs.put(key.substring(prefix.length()), BigDecimal.valueOf(micros, 6));
      }
    });
    return costs;
  }

  /** {@code a} plus {@code b}, key by key. */
  public static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> merged = new TreeMap<>(a);
    b.forEach((key, count) -> merged.merge(key, count, Long::sum));
    return merged;
  }
}
