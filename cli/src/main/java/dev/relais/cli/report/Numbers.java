package dev.relais.cli.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/** How the report writes numbers: thousand separators, percentages with one decimal, money. */
public final class Numbers {

  private static final Locale LOCALE = Locale.ENGLISH;

  private Numbers() {}

  /** 1234567 -> "1,234,567". */
  public static String count(long value) {
    return NumberFormat.getIntegerInstance(LOCALE).format(value);
  }

  /** 0.975 -> "97.5%", 1 -> "100%", 0.12345 -> "12.3%". */
  public static String percent(double ratio) {
    DecimalFormat format = new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(LOCALE));
    // Half up, as the Campaign status rounds its rates (CampaignKpis.percent).
    format.setRoundingMode(RoundingMode.HALF_UP);
    return format.format(ratio * 100) + "%";
  }

  /** ("1234.5", "EUR") -> "1,234.50 EUR"; the amount keeps the currency's usual decimals. */
  public static String money(String amount, String currency) {
    BigDecimal value = new BigDecimal(amount);
    int digits = 2;
    try {
      digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    } catch (IllegalArgumentException | NullPointerException e) {
      // An unknown code is still shown, with two decimals.
    }
    DecimalFormat format =
        new DecimalFormat(
            digits == 0 ? "#,##0" : "#,##0." + "0".repeat(digits),
            DecimalFormatSymbols.getInstance(LOCALE));
    format.setMaximumFractionDigits(Math.max(digits, value.stripTrailingZeros().scale()));
    return format.format(value) + (currency == null || currency.isBlank() ? "" : " " + currency);
  }

  /** A figure's value as text. */
  public static String format(Report.Value value) {
    return switch (value) {
      case Report.Count c -> count(c.value());
      case Report.Ratio r -> percent(r.value());
      case Report.Money m -> money(m.amount(), m.currency());
      case Report.Text t -> t.value();
    };
  }
}
