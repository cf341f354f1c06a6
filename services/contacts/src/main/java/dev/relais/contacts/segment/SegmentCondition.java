package dev.relais.contacts.segment;

import dev.relais.contacts.importing.ImportValues;
import dev.relais.proto.contacts.v1.Contact;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A node of a parsed segment filter: an immutable predicate over one contact, evaluated at a given
 * time (for relative dates).
 */
sealed interface SegmentCondition {

  boolean test(Contact contact, Instant now);

  /** The condition written back in the filter language, normalised. */
  String canonical();

  /** The empty filter: every contact. */
  record Everyone() implements SegmentCondition {
    @Override
    public boolean test(Contact contact, Instant now) {
      return true;
    }

    @Override
    public String canonical() {
      return "";
    }
  }

  /** All of the parts. */
  record And(List<SegmentCondition> parts) implements SegmentCondition {
    public And {
      parts = List.copyOf(parts);
    }

    @Override
    public boolean test(Contact contact, Instant now) {
      for (SegmentCondition part : parts) {
        if (!part.test(contact, now)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String canonical() {
      return parts.stream()
          .map(p -> p instanceof Or ? "(" + p.canonical() + ")" : p.canonical())
          .collect(Collectors.joining(" and "));
    }
  }

  /** Any of the parts. */
  record Or(List<SegmentCondition> parts) implements SegmentCondition {
    public Or {
      parts = List.copyOf(parts);
    }

    @Override
    public boolean test(Contact contact, Instant now) {
      for (SegmentCondition part : parts) {
        if (part.test(contact, now)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String canonical() {
      return parts.stream().map(SegmentCondition::canonical).collect(Collectors.joining(" or "));
    }
  }

  /** The opposite of a condition. */
  record Not(SegmentCondition inner) implements SegmentCondition {
    @Override
    public boolean test(Contact contact, Instant now) {
      return !inner.test(contact, now);
    }

    @Override
    public String canonical() {
      return inner instanceof And || inner instanceof Or
          ? "not (" + inner.canonical() + ")"
          : "not " + inner.canonical();
    }
  }

  /** Comparison operators. */
  enum Operator {
    EQ("="),
    NE("!="),
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    static Operator of(String symbol) {
      for (Operator op : values()) {
        if (op.symbol.equals(symbol)) {
          return op;
        }
      }
      throw new IllegalArgumentException(symbol);
    }

    boolean isRange() {
      return this != EQ && this != NE;
    }

    /**
     * Whether the comparison holds given {@code order} (value compared to literal), null when the
     * value is absent or not of the literal's type: then only {@code !=} holds.
     */
    boolean holds(Integer order) {
      if (order == null) {
        return this == NE;
      }
      return switch (this) {
        case EQ -> order == 0;
        case NE -> order != 0;
        case LT -> order < 0;
        case LE -> order <= 0;
        case GT -> order > 0;
        case GE -> order >= 0;
      };
    }
  }

  /** {@code field op value}; the parser only builds type-compatible ones. */
  record Comparison(ContactField field, Operator op, SegmentValue value)
      implements SegmentCondition {

    @Override
    public boolean test(Contact contact, Instant now) {
      return op.holds(order(field, value, contact, now));
    }

    @Override
    public String canonical() {
      return field.canonical() + " " + op.symbol + " " + value.canonical();
    }
  }

  /** {@code field in (a, b)}, or {@code not in}: equal to one of the values. */
  record In(ContactField field, List<SegmentValue> values, boolean negated)
      implements SegmentCondition {
    public In {
      values = List.copyOf(values);
    }

    @Override
    public boolean test(Contact contact, Instant now) {
      for (SegmentValue value : values) {
        Integer order = order(field, value, contact, now);
        if (order != null && order == 0) {
          return !negated;
        }
      }
      return negated;
    }

    @Override
    public String canonical() {
      return field.canonical()
          + (negated ? " not in (" : " in (")
          + values.stream().map(SegmentValue::canonical).collect(Collectors.joining(", "))
          + ")";
    }
  }

  /** How many of the listed values a set must hold. */
  enum Quantifier {
    ONE,
    ANY,
    ALL
  }

  /** {@code tags has "x"}, {@code tags has any ("a", "b")}, {@code lists has all (...)}. */
  record Has(ContactField field, Quantifier quantifier, List<SegmentValue.Text> values)
      implements SegmentCondition {
    public Has {
      values = List.copyOf(values);
    }

    @Override
    public boolean test(Contact contact, Instant now) {
      List<String> held = field.values(contact);
      if (held.isEmpty()) {
        return false;
      }
      Set<String> folded = held.stream().map(TextFolding::value).collect(Collectors.toSet());
      if (quantifier == Quantifier.ALL) {
        return values.stream().allMatch(v -> folded.contains(v.folded()));
      }
      return values.stream().anyMatch(v -> folded.contains(v.folded()));
    }

    @Override
    public String canonical() {
      String list = values.stream().map(SegmentValue::canonical).collect(Collectors.joining(", "));
      return switch (quantifier) {
        case ONE -> field.canonical() + " has " + list;
        case ANY -> field.canonical() + " has any (" + list + ")";
        case ALL -> field.canonical() + " has all (" + list + ")";
      };
    }
  }

  /** {@code field exists}: the contact has a value (a non-empty set). */
  record Exists(ContactField field) implements SegmentCondition {
    @Override
    public boolean test(Contact contact, Instant now) {
      return switch (field.kind()) {
        case TEXT -> field.text(contact) != null;
        case SET -> !field.values(contact).isEmpty();
        case DATE -> field.instant(contact) != null;
        case BOOLEAN -> true;
      };
    }

    @Override
    public String canonical() {
      return field.canonical() + " exists";
    }
  }

  /** {@code postalCode startsWith "69"}. */
  record StartsWith(ContactField field, SegmentValue.Text prefix) implements SegmentCondition {
    @Override
    public boolean test(Contact contact, Instant now) {
      String text = field.text(contact);
      return text != null && TextFolding.value(text).startsWith(prefix.folded());
    }

    @Override
    public String canonical() {
      return field.canonical() + " startsWith " + prefix.canonical();
    }
  }

  /**
   * {@code inactive for 90d}: no interaction in that span. The last interaction is the later of
   * lastInteraction and consentAt (giving consent is an action of the person); a contact with
   * neither has never shown activity and is inactive.
   */
  record Inactive(long amount, ChronoUnit unit) implements SegmentCondition {
    @Override
    public boolean test(Contact contact, Instant now) {
      Instant last = ContactField.Builtin.LAST_INTERACTION.instant(contact);
      Instant consent = ContactField.Builtin.CONSENT_AT.instant(contact);
      if (last == null || (consent != null && consent.isAfter(last))) {
        last = consent;
      }
      Instant threshold = SegmentValue.Moment.relative(-amount, unit).resolve(now);
      return last == null || last.isBefore(threshold);
    }

    @Override
    public String canonical() {
      return "inactive for " + SegmentValue.span(amount, unit);
    }
  }

  /**
   * The order of the contact's value relative to {@code value} (negative: before/smaller), or null
   * when the contact has no value of that type.
   */
  private static Integer order(
      ContactField field, SegmentValue value, Contact contact, Instant now) {
    switch (field.kind()) {
      case BOOLEAN -> {
        return field.bool(contact) == ((SegmentValue.Bool) value).value() ? 0 : 1;
      }
      case DATE -> {
        Instant at = field.instant(contact);
        return at == null ? null : at.compareTo(((SegmentValue.Moment) value).resolve(now));
      }
      case TEXT -> {
        String text = field.text(contact);
        return text == null ? null : textOrder(text, value, now);
      }
      default -> throw new IllegalStateException("no comparison on " + field.canonical());
    }
  }

  /** A text value read as the literal's type: a number, a date, a yes/no or a text. */
  private static Integer textOrder(String text, SegmentValue value, Instant now) {
    return switch (value) {
      case SegmentValue.Text literal ->
          Integer.signum(TextFolding.value(text).compareTo(literal.folded()));
      case SegmentValue.Number number -> {
        BigDecimal parsed = number(text);
        yield parsed == null ? null : parsed.compareTo(number.value());
      }
      case SegmentValue.Moment moment -> {
        Instant at = instant(text);
        yield at == null ? null : at.compareTo(moment.resolve(now));
      }
      case SegmentValue.Bool bool -> {
        Optional<Boolean> flag = ImportValues.flag(text);
        yield flag.isEmpty() ? null : flag.get() == bool.value() ? 0 : 1;
      }
    };
  }

  /**
   * A date as imports write it, null when it is none. The ISO day (2026-03-01), by far the most
   * common form in attributes, is read by hand: the general parser costs a microsecond per row.
   */
  private static Instant instant(String text) {
    String t = text.strip();
    if (t.length() == 10 && t.charAt(4) == '-' && t.charAt(7) == '-') {
      int year = digits(t, 0, 4);
      int month = digits(t, 5, 7);
      int day = digits(t, 8, 10);
      if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28) {
        return LocalDate.of(year, month, day).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
    }
    try {
      return ImportValues.instant(t);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The decimal number in {@code text[from, to)}, -1 when a character is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** A number as spreadsheets write it ("12.5", "12,5", "1 200"), null when it is none. */
  private static BigDecimal number(String text) {
    String cleaned = text.strip().replace(" ", "").replace("\u00A0", "").replace(',', '.');
    if (cleaned.isEmpty() || cleaned.length() > 40) {
      return null;
    }
    char first = cleaned.charAt(0);
    if (!Character.isDigit(first) && first != '-' && first != '+' && first != '.') {
      return null; // BigDecimal would throw: costly on every row of a text attribute
    }
    try {
      return new BigDecimal(cleaned);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
