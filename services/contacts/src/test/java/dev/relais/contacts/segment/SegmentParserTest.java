package dev.relais.contacts.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parser's canonical forms and its error messages, each with the column of the problem. */
class SegmentParserTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "CITY='Lyon'                         | city = \"Lyon\"",
        "postal_code IN ( '1','2' )          | postalCode in (\"1\", \"2\")",
        "ville = \"Brest\"                   | city = \"Brest\"",
        "a = 1 or b = 2 and c = 3            | attr.a = 1 or attr.b = 2 and attr.c = 3",
        "(a = 1 or b = 2) and c = 3          | (attr.a = 1 or attr.b = 2) and attr.c = 3",
        "not (a = 1 and b = 2)               | not (attr.a = 1 and attr.b = 2)",
        "attr.\"Date d'achat\" > 2026-01-01  | attr.\"Date d'achat\" > 2026-01-01",
        "attr.'say \"hi\"' exists            | attr.\"say \\\"hi\\\"\" exists",
        "x >= now - 6M                       | attr.x >= now-6M",
        "x < now + 2w                        | attr.x < now+2w",
        "Tags Has Any ('A')                  | tags has any (\"A\")",
        "INACTIVE FOR 90d                    | inactive for 90d",
        "inactive = \"no\"                   | attr.inactive = \"no\"",
        "consentAt > 2026-01-01T10:00:00+02:00 | consentAt > 2026-01-01T10:00:00+02:00",
      })
  void writesFiltersInCanonicalForm(String filter, String canonical) {
    assertThat(SegmentFilter.parse(filter).canonical()).isEqualTo(canonical);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "city = and tags has \"x\"      | 8  | expected a value after '=', found 'and'",
        "city = \"Lyon\" and            | 18 | expected a condition after 'and', found the end of the filter",
        "city =                         | 7  | expected a value after '=', found the end of the filter",
        "city = Lyon                    | 8  | expected a value after '=', found 'Lyon' (texts are quoted: \"Lyon\")",
        "city \"Lyon\"                  | 6  | expected an operator (=, !=, <, <=, >, >=, in, not in, has, exists, startsWith) after city, found \"Lyon\"",
        "(city = \"Lyon\"               | 15 | expected ')' to close the '(' of column 1, found the end of the filter",
        "city = \"Lyon\")               | 14 | unexpected ')' without a matching '('",
        "city = \"Lyon                  | 8  | string started here is never closed",
        "city = \"Lyon\" tags has \"x\" | 15 | expected 'and', 'or' or the end of the filter, found 'tags'",
        "tags = \"vip\"                 | 6  | tags holds several values: write tags has \"...\" instead of '='",
        "city has \"x\"                 | 6  | 'has' applies to tags and lists, not to city (write city = \"...\")",
        "tags has vip                   | 10 | expected a value after 'has', found 'vip' (texts are quoted: \"vip\")",
        "tags has any \"vip\"           | 14 | expected a list such as (\"a\", \"b\") after 'any', found \"vip\"",
        "tags has all (1)               | 15 | expected a quoted text after 'all', found '1'",
        "consentAt > \"yesterday\"      | 13 | expected a date such as 2026-01-01 or now-90d after '>' for consentAt",
        "consent = \"yes\"              | 11 | expected true or false after '='",
        "consent < true                 | 9  | consent is true or false: use = or !=, not '<'",
        "x > true                       | 3  | true and false cannot be ordered: use = or !=, not '>'",
        "x > now-90m                    | 9  | unit 'm' is ambiguous: write M for months (minutes are not supported)",
        "x > now-90q                    | 9  | unknown unit 'q' in '90q': use h (hours), d (days), w (weeks), M (months) or y (years)",
        "x > now-                       | 9  | expected a duration such as 90d or 6M after 'now-', found the end of the filter",
        "x > 90d                        | 5  | a duration alone is not a date: write now-90d (or now+90d)",
        "x > 2026-13-01                 | 5  | '2026-13-01' is not a valid date",
        "x in ()                        | 7  | the list after 'in' is empty",
        "x in (1 2)                     | 9  | expected ',' or ')' in the list, found '2'",
        "x in (1,)                      | 9  | expected a value after ',', found ')'",
        "x not \"a\"                    | 3  | expected an operator (=, !=, <, <=, >, >=, in, not in, has, exists, startsWith) after attr.x, found 'not'",
        "and = 1                        | 1  | expected a field name such as city or tags, found 'and'",
        "attr. = 1                      | 7  | expected an attribute name after 'attr.', found '='",
        "x ! 1                          | 3  | '!' must be followed by '=' (or write 'not')",
        "x = 1 ; y = 2                  | 7  | unexpected character ';'",
        "x = \"a\\n\"                   | 7  | unknown escape '\\n' in a string (only \\\\, \\\" and \\' exist)",
        "consent exists                 | 9  | consent always exists: test it with '= true' or '= false'",
        "tags startsWith \"v\"          | 6  | 'startsWith' applies to texts, not to tags",
        "inactive for 0d                | 14 | the inactivity span must be positive",
        "inactive for \"90d\"           | 14 | expected a duration such as 90d or 6M after 'inactive for', found \"90d\"",
        "not                            | 4  | expected a condition after 'not', found the end of the filter",
        "()                             | 2  | expected a condition after '(', found ')'",
      })
  void reportsErrorsWithTheirColumn(String filter, int column, String reason) {
    assertThatThrownBy(() -> SegmentFilter.parse(filter))
        .isInstanceOfSatisfying(
            SegmentFilterException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.column()).isEqualTo(column);
              assertThat(e.getMessage()).isEqualTo(reason + " at column " + column);
            });
  }

  @org.junit.jupiter.api.Test
  void refusesFiltersTooDeepOrTooLong() {
    String deep = "(".repeat(40) + "x = 1" + ")".repeat(40);
    assertThatThrownBy(() -> SegmentFilter.parse(deep))
        .isInstanceOf(SegmentFilterException.class)
        .hasMessageContaining("nested more than 32 levels");
    String notNot = "not ".repeat(40) + "x = 1";
    assertThatThrownBy(() -> SegmentFilter.parse(notNot))
        .hasMessageContaining("nested more than 32 levels");
    assertThatThrownBy(() -> SegmentFilter.parse("x = \"" + "a".repeat(20_000) + "\""))
        .hasMessageContaining("longer than 10000 characters");
  }
}
