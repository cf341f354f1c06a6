package dev.relais.contacts.segment;

import dev.relais.contacts.segment.ContactField.Kind;
import dev.relais.contacts.segment.SegmentCondition.Operator;
import dev.relais.contacts.segment.SegmentCondition.Quantifier;
import dev.relais.contacts.segment.SegmentLexer.Token;
import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser of the segment filter language (grammar in docs/segments.md): {@code or}
 * binds looser than {@code and}, which binds looser than {@code not}. Type errors (a range on tags,
 * a text compared to a date field) are reported here, with their column, not at evaluation.
 */
final class SegmentParser {

  /**
   * Nesting allowed for parentheses and {@code not}: deep enough for people, safe for the stack.
   */
  static final int MAX_DEPTH = 32;

  /** Values in one {@code in} or {@code has any} list. */
  static final int MAX_LIST = 1000;

  private static final Set<String> RESERVED =
      Set.of(
          "and",
          "or",
          "not",
          "in",
          "has",
          "any",
          "all",
          "exists",
          "startswith",
          "now",
          "true",
          "false");

  private final List<Token> tokens;
  private int position;
  private int depth;

  private SegmentParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** Parses a whole filter; blank selects everyone. */
  static SegmentCondition parse(String filter) {
    SegmentParser parser = new SegmentParser(SegmentLexer.tokens(filter));
    if (parser.peek().kind() == SegmentLexer.Kind.END) {
      return new SegmentCondition.Everyone();
    }
    SegmentCondition condition = parser.or();
    Token end = parser.peek();
    if (end.kind() != SegmentLexer.Kind.END) {
      throw error(
          end.kind() == SegmentLexer.Kind.RPAREN
              ? "unexpected ')' without a matching '('"
              : "expected 'and', 'or' or the end of the filter, found " + end.describe(),
          end);
    }
    return condition;
  }

  private SegmentCondition or() {
    List<SegmentCondition> parts = new ArrayList<>(List.of(and()));
    while (peek().is("or")) {
      Token or = next();
      expectCondition(or);
      parts.add(and());
    }
    return parts.size() == 1 ? parts.get(0) : new SegmentCondition.Or(parts);
  }

  private SegmentCondition and() {
    List<SegmentCondition> parts = new ArrayList<>(List.of(unary()));
    while (peek().is("and")) {
      Token and = next();
      expectCondition(and);
      parts.add(unary());
    }
    return parts.size() == 1 ? parts.get(0) : new SegmentCondition.And(parts);
  }

  private SegmentCondition unary() {
    if (peek().is("not")) {
      Token not = next();
      expectCondition(not);
      enter(not);
      SegmentCondition inner = unary();
      depth--;
      return new SegmentCondition.Not(inner);
    }
    return primary();
  }

  private SegmentCondition primary() {
    Token first = peek();
    if (first.kind() == SegmentLexer.Kind.LPAREN) {
      next();
      enter(first);
      expectCondition(first);
      SegmentCondition inner = or();
      Token close = next();
      if (close.kind() != SegmentLexer.Kind.RPAREN) {
        throw error(
            "expected ')' to close the '(' of column "
                + first.column()
                + ", found "
                + close.describe(),
            close);
      }
      depth--;
      return inner;
    }
    if (first.is("inactive") && tokens.get(position + 1).is("for")) {
      next();
      next(); // for
      Token span = next();
      if (span.kind() != SegmentLexer.Kind.DURATION) {
        throw error(
            "expected a duration such as 90d or 6M after 'inactive for', found " + span.describe(),
            span);
      }
      SegmentSemantics.Span parsed = SegmentSemantics.span(span);
      if (parsed.amount() <= 0) {
        throw error("the inactivity span must be positive", span);
      }
      return new SegmentCondition.Inactive(parsed.amount(), parsed.unit());
    }
    return condition();
  }

  private SegmentCondition condition() {
    ContactField field = field();
    Token op = next();
    if (op.kind() == SegmentLexer.Kind.OPERATOR) {
      Operator operator = Operator.of(op.text());
      Token at = peek();
      SegmentValue value = value(op);
      SegmentSemantics.check(field, operator, value, op, at);
      return new SegmentCondition.Comparison(field, operator, value);
    }
    if (op.is("in") || (op.is("not") && peek().is("in"))) {
      boolean negated = op.is("not");
      Token in = negated ? next() : op;
      List<SegmentValue> values = new ArrayList<>();
      for (Item item : list(in)) {
        SegmentSemantics.check(field, Operator.EQ, item.value(), in, item.token());
        values.add(item.value());
      }
      return new SegmentCondition.In(field, values, negated);
    }
    if (op.is("has")) {
      return has(field, op);
    }
    if (op.is("exists")) {
      if (field.kind() == Kind.BOOLEAN) {
        throw error(field.canonical() + " always exists: test it with '= true' or '= false'", op);
      }
      return new SegmentCondition.Exists(field);
    }
    if (op.is("startsWith")) {
      if (field.kind() != Kind.TEXT) {
        throw error("'startsWith' applies to texts, not to " + field.canonical(), op);
      }
      Token prefix = next();
      if (prefix.kind() != SegmentLexer.Kind.STRING) {
        throw error(
            "expected a quoted text after 'startsWith', found " + prefix.describe(), prefix);
      }
      return new SegmentCondition.StartsWith(field, new SegmentValue.Text(prefix.text()));
    }
    throw error(
        "expected an operator (=, !=, <, <=, >, >=, in, not in, has, exists, startsWith) after "
            + field.canonical()
            + ", found "
            + op.describe(),
        op);
  }

  private SegmentCondition has(ContactField field, Token has) {
    if (field.kind() != Kind.SET) {
      throw error(
          "'has' applies to tags and lists, not to "
              + field.canonical()
              + " (write "
              + field.canonical()
              + " = \"...\")",
          has);
    }
    Quantifier quantifier = Quantifier.ONE;
    Token word = has;
    if (peek().is("any") || peek().is("all")) {
      word = next();
      quantifier = word.is("any") ? Quantifier.ANY : Quantifier.ALL;
    }
    List<Item> items;
    if (peek().kind() == SegmentLexer.Kind.LPAREN) {
      items = list(word);
    } else if (quantifier == Quantifier.ONE) {
      Token at = peek();
      items = List.of(new Item(value(has), at));
    } else {
      throw error(
          "expected a list such as (\"a\", \"b\") after '"
              + word.text()
              + "', found "
              + peek().describe(),
          peek());
    }
    List<SegmentValue.Text> values = new ArrayList<>();
    for (Item item : items) {
      if (!(item.value() instanceof SegmentValue.Text text)) {
        throw error(
            "expected a quoted text after '" + word.text() + "', found " + item.token().describe(),
            item.token());
      }
      values.add(text);
    }
    if (quantifier == Quantifier.ONE && values.size() > 1) {
      quantifier = Quantifier.ANY; // "tags has (a, b)" reads as "has any"
    }
    return new SegmentCondition.Has(field, quantifier, values);
  }

  private ContactField field() {
    Token name = next();
    if (name.kind() != SegmentLexer.Kind.IDENT
        || RESERVED.contains(name.text().toLowerCase(Locale.ROOT))) {
      throw error("expected a field name such as city or tags, found " + name.describe(), name);
    }
    String folded = TextFolding.name(name.text());
    if ((folded.equals("attr") || folded.equals("attribute") || folded.equals("attributes"))
        && peek().kind() == SegmentLexer.Kind.DOT) {
      next();
      Token attribute = next();
      if ((attribute.kind() != SegmentLexer.Kind.IDENT
              && attribute.kind() != SegmentLexer.Kind.STRING)
          || attribute.text().isBlank()) {
        throw error(
            "expected an attribute name after 'attr.', found " + attribute.describe(), attribute);
      }
      return new ContactField.Attribute(attribute.text());
    }
    ContactField builtin = ContactField.builtin(name.text());
    return builtin != null ? builtin : new ContactField.Attribute(name.text());
  }

  /** A literal after {@code after} (an operator or a list's opening). */
  private SegmentValue value(Token after) {
    Token token = next();
    switch (token.kind()) {
      case STRING -> {
        return new SegmentValue.Text(token.text());
      }
      case NUMBER -> {
        return new SegmentValue.Number(new BigDecimal(token.text()));
      }
      case MINUS -> {
        Token number = next();
        if (number.kind() != SegmentLexer.Kind.NUMBER) {
          throw error("expected a number after '-', found " + number.describe(), number);
        }
        return new SegmentValue.Number(new BigDecimal(number.text()).negate());
      }
      case DATE -> {
        return SegmentValue.Moment.absolute(SegmentSemantics.date(token), token.text());
      }
      case DURATION ->
          throw error(
              "a duration alone is not a date: write now-"
                  + token.text()
                  + " (or now+"
                  + token.text()
                  + ")",
              token);
      case IDENT -> {
        if (token.is("true") || token.is("false")) {
          return new SegmentValue.Bool(token.is("true"));
        }
        if (token.is("now")) {
          return relative();
        }
        String hint =
            RESERVED.contains(token.text().toLowerCase(Locale.ROOT))
                ? ""
                : " (texts are quoted: \"" + token.text() + "\")";
        throw error(
            "expected a value after '" + after.text() + "', found " + token.describe() + hint,
            token);
      }
      default ->
          throw error(
              "expected a value after '" + after.text() + "', found " + token.describe(), token);
    }
  }

  /** What follows {@code now}: nothing, or {@code -90d} / {@code +1d}. */
  private SegmentValue relative() {
    Token sign = peek();
    if (sign.kind() != SegmentLexer.Kind.MINUS && sign.kind() != SegmentLexer.Kind.PLUS) {
      return SegmentValue.Moment.relative(0, ChronoUnit.DAYS);
    }
    next();
    Token span = next();
    if (span.kind() != SegmentLexer.Kind.DURATION) {
      throw error(
          "expected a duration such as 90d or 6M after 'now"
              + sign.text()
              + "', found "
              + span.describe(),
          span);
    }
    SegmentSemantics.Span parsed = SegmentSemantics.span(span);
    return SegmentValue.Moment.relative(
        sign.kind() == SegmentLexer.Kind.MINUS ? -parsed.amount() : parsed.amount(), parsed.unit());
  }

  /** A value of a list and where it starts, for error messages. */
  private record Item(SegmentValue value, Token token) {}

  /** {@code (value, value ...)} after {@code after}. */
  private List<Item> list(Token after) {
    Token open = next();
    if (open.kind() != SegmentLexer.Kind.LPAREN) {
      throw error("expected '(' after '" + after.text() + "', found " + open.describe(), open);
    }
    List<Item> items = new ArrayList<>();
    while (true) {
      Token start = peek();
      if (start.kind() == SegmentLexer.Kind.RPAREN && items.isEmpty()) {
        throw error("the list after '" + after.text() + "' is empty", start);
      }
      items.add(new Item(value(items.isEmpty() ? open : tokens.get(position - 1)), start));
      if (items.size() > MAX_LIST) {
        throw error("more than " + MAX_LIST + " values in one list", start);
      }
      Token separator = next();
      if (separator.kind() == SegmentLexer.Kind.RPAREN) {
        return items;
      }
      if (separator.kind() != SegmentLexer.Kind.COMMA) {
        throw error("expected ',' or ')' in the list, found " + separator.describe(), separator);
      }
    }
  }

  private void expectCondition(Token after) {
    Token following = peek();
    if (following.kind() == SegmentLexer.Kind.END || following.kind() == SegmentLexer.Kind.RPAREN) {
      throw error(
          "expected a condition after '" + after.text() + "', found " + following.describe(),
          following);
    }
  }

  private void enter(Token at) {
    if (++depth > MAX_DEPTH) {
      throw error("filter nested more than " + MAX_DEPTH + " levels deep", at);
    }
  }

  private Token peek() {
    return tokens.get(position);
  }

  private Token next() {
    Token token = tokens.get(position);
    if (token.kind() != SegmentLexer.Kind.END) {
      position++;
    }
    return token;
  }

  static SegmentFilterException error(String reason, Token at) {
    return new SegmentFilterException(reason, at.column());
  }
}
