package dev.relais.contacts.segment;

import static dev.relais.contacts.segment.SegmentParser.error;

import dev.relais.contacts.segment.SegmentCondition.Operator;
import dev.relais.contacts.segment.SegmentLexer.Token;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * What the literals of a segment filter mean (durations, dates) and which comparisons between a
 * field and a literal make sense: the rules the parser applies, each failure with its column.
 */
final class SegmentSemantics {

  private SegmentSemantics() {}

  /** Rejects comparisons that can never make sense, pointing at the value. */
  static void check(ContactField field, Operator op, SegmentValue value, Token operator, Token at) {
    String symbol = "'" + operator.text() + "'";
    switch (field.kind()) {
      case SET ->
          throw error(
              field.canonical()
                  + " holds several values: write "
                  + field.canonical()
                  + " has \"...\" instead of "
                  + symbol,
              operator);
      case BOOLEAN -> {
        if (!(value instanceof SegmentValue.Bool)) {
          throw error("expected true or false after " + symbol, at);
        }
        if (op.isRange()) {
          throw error(
              field.canonical() + " is true or false: use = or !=, not " + symbol, operator);
        }
      }
      case DATE -> {
        if (!(value instanceof SegmentValue.Moment)) {
          throw error(
              "expected a date such as 2026-01-01 or now-90d after "
                  + symbol
                  + " for "
                  + field.canonical(),
              at);
        }
      }
      case TEXT -> {
        if (value instanceof SegmentValue.Bool && op.isRange()) {
          throw error("true and false cannot be ordered: use = or !=, not " + symbol, operator);
        }
      }
    }
  }

  /** A duration token: an integer and one unit among h, d, w, M, y. */
  record Span(long amount, ChronoUnit unit) {}

  static Span span(Token token) {
    String text = token.text();
    int split = 0;
    while (split < text.length() && (Character.isDigit(text.charAt(split)))) {
      split++;
    }
    String unitText = text.substring(split);
    if (split == 0 || split < text.length() && text.charAt(split) == '.') {
      throw error("a duration is a whole number of units, such as 90d", token);
    }
    ChronoUnit unit =
        switch (unitText) {
          case "h" -> ChronoUnit.HOURS;
          case "d" -> ChronoUnit.DAYS;
          case "w" -> ChronoUnit.WEEKS;
          case "M" -> ChronoUnit.MONTHS;
          case "y" -> ChronoUnit.YEARS;
          case "m" ->
              throw error(
                  "unit 'm' is ambiguous: write M for months (minutes are not supported)", token);
          default ->
              throw error(
                  "unknown unit '"
                      + unitText
                      + "' in '"
                      + text
                      + "': use h (hours), d (days), w (weeks), M (months) or y (years)",
                  token);
        };
    long amount;
    try {
      amount = Long.parseLong(text.substring(0, split));
    } catch (NumberFormatException e) {
      throw error("duration too long", token);
    }
    if (amount > 100_000) {
      throw error("duration too long", token);
    }
    return new Span(amount, unit);
  }

  /** An absolute date: a day (UTC midnight) or a date-time (UTC unless it has an offset). */
  static Instant date(Token token) {
    String text = token.text();
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      if (text.endsWith("Z") || text.matches(".*[+-]\\d{2}:\\d{2}$")) {
        return OffsetDateTime.parse(text).toInstant();
      }
      return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw error("'" + text + "' is not a valid date", token);
    }
  }
}
