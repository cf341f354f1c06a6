package dev.relais.contacts.segment;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** A literal of a segment filter: a text, a number, a date (absolute or relative) or a boolean. */
sealed interface SegmentValue {

  /** How the literal is written in a canonical filter. */
  String canonical();

  /** A quoted text, {@code folded} for comparisons. */
  record Text(String raw, String folded) implements SegmentValue {
    Text(String raw) {
      this(raw, TextFolding.value(raw));
    }

    @Override
    public String canonical() {
      return quote(raw);
    }
  }

  /** A decimal number. */
  record Number(BigDecimal value) implements SegmentValue {
    @Override
    public String canonical() {
      return value.toPlainString();
    }
  }

  /** True or false. */
  record Bool(boolean value) implements SegmentValue {
    @Override
    public String canonical() {
      return String.valueOf(value);
    }
  }

  /**
   * A point in time: absolute ({@code 2026-01-01}, UTC midnight) or relative to the evaluation time
   * ({@code now-90d}: {@code amount} units before or after, calendar months and years in UTC).
   *
   * @param absolute the instant, or null for a relative date
   * @param written the absolute date as written (a day or a date-time), for the canonical form
   */
  record Moment(Instant absolute, String written, long amount, ChronoUnit unit)
      implements SegmentValue {

    static Moment absolute(Instant at, String written) {
      return new Moment(at, written, 0, null);
    }

    static Moment relative(long amount, ChronoUnit unit) {
      return new Moment(null, null, amount, unit);
    }

    /** The instant this literal stands for when evaluated at {@code now}. */
    Instant resolve(Instant now) {
      if (absolute != null) {
        return absolute;
      }
      if (amount == 0) {
        return now;
      }
      return unit == ChronoUnit.HOURS || unit == ChronoUnit.DAYS
          ? now.plus(amount, unit)
          : now.atZone(ZoneOffset.UTC).plus(amount, unit).toInstant();
    }

    @Override
    public String canonical() {
      if (absolute != null) {
        return written;
      }
      if (amount == 0) {
        return "now";
      }
      return "now" + (amount < 0 ? "-" : "+") + span(Math.abs(amount), unit);
    }
  }

  /** A duration as written in filters: {@code 90d}, {@code 6M}. */
  static String span(long amount, ChronoUnit unit) {
    String suffix =
        switch (unit) {
          case HOURS -> "h";
          case DAYS -> "d";
          case WEEKS -> "w";
          case MONTHS -> "M";
          case YEARS -> "y";
          default -> throw new IllegalArgumentException("no filter unit for " + unit);
        };
    return amount + suffix;
  }

  /** A text between double quotes, escaped so that the parser reads it back. */
  static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
