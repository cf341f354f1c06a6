package dev.relais.contacts.segment;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Cuts a segment filter into tokens, each with the 1-based column where it starts. */
final class SegmentLexer {

  /** Kinds of token. */
  enum Kind {
    IDENT,
    STRING,
    NUMBER,
    DATE,
    DURATION,
    OPERATOR,
    LPAREN,
    RPAREN,
    COMMA,
    DOT,
    PLUS,
    MINUS,
    END
  }

  /** One token; {@code text} is the unquoted value of a string. */
  record Token(Kind kind, String text, int column) {

    /** True for an identifier equal to {@code keyword}, whatever its case. */
    boolean is(String keyword) {
      return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }

    /** How the token is shown in an error message. */
    String describe() {
      return switch (kind) {
        case END -> "the end of the filter";
        case STRING -> "\"" + text + "\"";
        default -> "'" + text + "'";
      };
    }
  }

  /** Longest filter accepted: a segment is a few conditions, not a list of numbers. */
  static final int MAX_LENGTH = 10_000;

  private static final Pattern DATE =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:\\d{2})?)?");
  private static final Pattern NUMBER_OR_DURATION = Pattern.compile("\\d+(?:\\.\\d+)?([A-Za-z]*)");

  private SegmentLexer() {}

  static List<Token> tokens(String filter) {
    if (filter.length() > MAX_LENGTH) {
      throw new SegmentFilterException(
          "filter longer than " + MAX_LENGTH + " characters", MAX_LENGTH + 1);
    }
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = filter.length();
    while (i < n) {
      char c = filter.charAt(i);
      int column = i + 1;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"' || c == '\'') {
        i = string(filter, i, tokens);
      } else if (Character.isDigit(c)) {
        Matcher date = DATE.matcher(filter).region(i, n);
        if (date.lookingAt()) {
          tokens.add(new Token(Kind.DATE, date.group(), column));
          i = date.end();
        } else {
          Matcher number = NUMBER_OR_DURATION.matcher(filter).region(i, n);
          number.lookingAt(); // always matches: c is a digit
          Kind kind = number.group(1).isEmpty() ? Kind.NUMBER : Kind.DURATION;
          tokens.add(new Token(kind, number.group(), column));
          i = number.end();
        }
      } else if (Character.isLetter(c) || c == '_') {
        int end = i + 1;
        while (end < n
            && (Character.isLetterOrDigit(filter.charAt(end)) || filter.charAt(end) == '_')) {
          end++;
        }
        tokens.add(new Token(Kind.IDENT, filter.substring(i, end), column));
        i = end;
      } else {
        i = symbol(filter, i, tokens);
      }
    }
    tokens.add(new Token(Kind.END, "", n + 1));
    return tokens;
  }

  private static int string(String filter, int start, List<Token> tokens) {
    char quote = filter.charAt(start);
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (i < filter.length()) {
      char c = filter.charAt(i);
      if (c == quote) {
        tokens.add(new Token(Kind.STRING, value.toString(), start + 1));
        return i + 1;
      }
      if (c == '\\' && i + 1 < filter.length()) {
        char escaped = filter.charAt(i + 1);
        if (escaped != '\\' && escaped != '"' && escaped != '\'') {
          throw new SegmentFilterException(
              "unknown escape '\\" + escaped + "' in a string (only \\\\, \\\" and \\' exist)",
              i + 1);
        }
        value.append(escaped);
        i += 2;
      } else {
        value.append(c);
        i++;
      }
    }
    throw new SegmentFilterException("string started here is never closed", start + 1);
  }

  private static int symbol(String filter, int i, List<Token> tokens) {
    char c = filter.charAt(i);
    char next = i + 1 < filter.length() ? filter.charAt(i + 1) : 0;
    int column = i + 1;
    switch (c) {
      case '(' -> tokens.add(new Token(Kind.LPAREN, "(", column));
      case ')' -> tokens.add(new Token(Kind.RPAREN, ")", column));
      case ',' -> tokens.add(new Token(Kind.COMMA, ",", column));
      case '.' -> tokens.add(new Token(Kind.DOT, ".", column));
      case '+' -> tokens.add(new Token(Kind.PLUS, "+", column));
      case '-' -> tokens.add(new Token(Kind.MINUS, "-", column));
      case '=' -> {
        tokens.add(new Token(Kind.OPERATOR, "=", column));
        return next == '=' ? i + 2 : i + 1; // '==' is what programmers type: same meaning
      }
      case '!' -> {
        if (next != '=') {
          throw new SegmentFilterException("'!' must be followed by '=' (or write 'not')", column);
        }
        tokens.add(new Token(Kind.OPERATOR, "!=", column));
        return i + 2;
      }
      case '<', '>' -> {
        if (c == '<' && next == '>') {
          tokens.add(new Token(Kind.OPERATOR, "!=", column));
          return i + 2;
        }
        if (next == '=') {
          tokens.add(new Token(Kind.OPERATOR, c + "=", column));
          return i + 2;
        }
        tokens.add(new Token(Kind.OPERATOR, String.valueOf(c), column));
      }
      default -> throw new SegmentFilterException("unexpected character '" + c + "'", column);
    }
    return i + 1;
  }
}
