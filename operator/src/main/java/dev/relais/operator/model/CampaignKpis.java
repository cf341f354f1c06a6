package dev.relais.operator.model;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The key performance indicators of a campaign, or of one of its A/B variants, from its counts: the
 * one place their arithmetic lives, for the Campaign status and the campaign report alike.
 *
 * <ul>
 *   <li>click rate = unique clicks / delivered;
 *   <li>opt-out rate = opted out / delivered;
 *   <li>conversion rate = conversions / delivered;
 *   <li>revenue per message = revenue / delivered, per currency;
 *   <li>ROI = (revenue - cost) / cost, only when the cost is in one currency and all the revenue is
 *       in that currency too (no revenue counts as zero): amounts in different currencies are never
 *       added up, since no exchange rate is known.
 * </ul>
 *
 * <p>A rate whose denominator is zero (nothing delivered) is absent rather than 0, and so is the
 * click rate when clicks are not known (no links service, no link in the campaign).
 *
 * @param delivered messages confirmed delivered
 * @param optedOut recipients who opted out in reply
 * @param clicks clicks on the campaign's tracked links, empty when not known
 * @param conversions conversions attributed to the messages
 * @param revenue the revenue of those conversions, one entry per currency
 * @param cost what the messages cost at their routes' prices, one entry per currency
 */
public record CampaignKpis(
    long delivered,
    long optedOut,
    Optional<Clicks> clicks,
    long conversions,
    List<Money> revenue,
    List<Money> cost) {

  /** Decimal places of revenue per message: a fraction of a cent is meaningful per message. */
  public static final int PER_MESSAGE_SCALE = 4;

  /** Decimal places of the ROI ratio: 0.1234 is 12.3 %, shown with one decimal. */
  private static final int RATIO_SCALE = 4;

  public CampaignKpis {
    Objects.requireNonNull(clicks);
    revenue = List.copyOf(revenue);
    cost = List.copyOf(cost);
  }

  /**
   * Clicks on tracked links.
   *
   * @param clicks human clicks, every one
   * @param uniqueClicks links clicked by a human at least once; empty when the links service keeps
   *     tracking aggregate-only and does not count them
   * @param botClicks clicks of link-preview fetchers and crawlers, in neither of the others
   */
  public record Clicks(long clicks, OptionalLong uniqueClicks, long botClicks) {

    /** Clicks with their unique count. */
    public Clicks(long clicks, long uniqueClicks, long botClicks) {
      this(clicks, OptionalLong.of(uniqueClicks), botClicks);
    }
  }

  /** An amount in one currency (ISO 4217 code). */
  public record Money(BigDecimal amount, String currency) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Money {
      Objects.requireNonNull(amount);
      Objects.requireNonNull(currency);
    }

    /**
     * The amount as the platform states it ("12.34", "EUR"); empty when it is not a decimal in one
     * ISO 4217 currency (e.g. a cost summed over several currencies).
     */
    public static Optional<Money> parse(String amount, String currency) {
      if (amount == null || currency == null || !CURRENCY.matcher(currency).matches()) {
        return Optional.empty();
      }
      try {
        return Optional.of(new Money(new BigDecimal(amount.strip()), currency));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    /** The amount as decimal text, e.g. "12.34". */
    public String amountText() {
      return amount.toPlainString();
    }
  }

  /**
   * Unique clicks / delivered; absent when unique clicks are unknown (or not counted) or nothing
   * was delivered.
   */
  public OptionalDouble clickRate() {
    return clicks.isEmpty() || clicks.get().uniqueClicks().isEmpty()
        ? OptionalDouble.empty()
        : perDelivered(clicks.get().uniqueClicks().getAsLong());
  }

  /** Opted out / delivered; absent when nothing was delivered. */
  public OptionalDouble optOutRate() {
    return perDelivered(optedOut);
  }

  /** Conversions / delivered; absent when nothing was delivered. */
  public OptionalDouble conversionRate() {
    return perDelivered(conversions);
  }

  /**
   * Revenue / delivered in each currency of the revenue, to {@value #PER_MESSAGE_SCALE} decimals
   * (half up); empty when there is no revenue or nothing was delivered.
   */
  public List<Money> revenuePerMessage() {
    if (delivered <= 0) {
      return List.of();
    }
    return revenue.stream()
        .map(r ->
            new Money(
                r.amount()
                    .divide(BigDecimal.valueOf(delivered), PER_MESSAGE_SCALE, RoundingMode.HALF_UP),
                r.currency()))
        .toList();
  }

  /**
   * (revenue - cost) / cost as a ratio (0.25 for 25 %), to four decimals (half up). Absent when the
   * cost is unknown or zero, is in several currencies, or when some revenue is in another currency
   * than the cost's.
   */
  public Optional<BigDecimal> roi() {
    if (cost.size() != 1 || cost.get(0).amount().signum() <= 0) {
      return Optional.empty();
    }
    Money spent = cost.get(0);
    BigDecimal earned = BigDecimal.ZERO;
    for (Money r : revenue) {
      if (!r.currency().equals(spent.currency())) {
        return Optional.empty();
      }
      earned = earned.add(r.amount());
    }
    return Optional.of(
        earned.subtract(spent.amount()).divide(spent.amount(), RATIO_SCALE, RoundingMode.HALF_UP));
  }

  /** A ratio as the Campaign status shows rates: 0.975 -> "97.5%", 1 -> "100%", -1 -> "-100%". */
  public static String percent(double ratio) {
    double value = Math.round(ratio * 1000) / 10.0;
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%d%%", (long) value)
        : String.format(Locale.ROOT, "%.1f%%", value);
  }

  private OptionalDouble perDelivered(long count) {
    return delivered <= 0 ? OptionalDouble.empty() : OptionalDouble.of((double) count / delivered);
  }
}
