package dev.relais.scheduler.routing;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * What one SMS part costs on a route, as the platform team declared it (SmppRoute {@code
 * costPerSegment}); {@link #UNKNOWN} when it did not.
 */
public record RoutePrice(BigDecimal perSegment, String currency) {

  /** A route without a declared price: its parts are counted as unpriced in cost previews. */
  public static final RoutePrice UNKNOWN = new RoutePrice(null, "");

  private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,6}(\\.[0-9]{1,6})?");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  /**
   * Parses a declared price; an empty amount is {@link #UNKNOWN} and an empty currency is EUR.
   *
   * @throws IllegalArgumentException naming the bad value
   */
  public static RoutePrice parse(String amount, String currency) {
    if (amount == null || amount.isBlank()) {
      return UNKNOWN;
    }
    if (!AMOUNT.matcher(amount.strip()).matches()) {
      throw new IllegalArgumentException(
          "cost per segment '" + amount + "' must be a decimal amount such as 0.045");
    }
    String code = currency == null || currency.isBlank() ? "EUR" : currency.strip();
    if (!CURRENCY.matcher(code).matches()) {
      throw new IllegalArgumentException(
          "currency '" + currency + "' must be an ISO 4217 code such as EUR");
    }
    return new RoutePrice(new BigDecimal(amount.strip()), code);
  }

  public boolean known() {
    return perSegment != null;
  }

  /** Price of {@code parts} parts in millionths of the currency unit (exact for 6 decimals). */
  public long micros(int parts) {
    return perSegment.movePointRight(6).longValueExact() * parts;
  }
}
