package dev.relais.contacts.importing;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the yes/no flags, dates and tag lists that spreadsheets hold, in English or French.
 *
 * <p>Dates without an offset are taken as UTC: consent dates are evidence of a day, and a file
 * gives no reliable time zone.
 */
public final class ImportValues {

  private static final Set<String> YES =
      Set.of("yes", "y", "oui", "o", "true", "vrai", "1", "x", "on", "ok");
  private static final Set<String> NO = Set.of("no", "n", "non", "false", "faux", "0", "off", "");
  private static final Pattern TAG_SEPARATORS = Pattern.compile("[|,;]");
  private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");
  private static final DateTimeFormatter FRENCH_DATE_TIME =
      DateTimeFormatter.ofPattern("dd/MM/uuuu H:mm[:ss]");
  private static final DateTimeFormatter SPACED_ISO_DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd H:mm[:ss][.SSS]");

  private ImportValues() {}

  /**
   * A yes/no cell: empty when the cell is not a recognised answer (the caller rejects the row), a
   * blank cell means no.
   */
  public static Optional<Boolean> flag(String cell) {
    String folded = fold(cell);
    if (YES.contains(folded)) {
      return Optional.of(true);
    }
    if (NO.contains(folded)) {
      return Optional.of(false);
    }
    return Optional.empty();
  }

  /**
   * A date or date-time cell: ISO-8601 ({@code 2024-03-01}, {@code 2024-03-01T10:15:00Z}, with or
   * without offset, 'T' or space) or French day-first ({@code 01/03/2024}, {@code 01/03/2024
   * 10:15}).
   *
   * @throws DateTimeException when the cell holds none of these
   */
  public static Instant instant(String cell) {
    String text = cell.trim();
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException notOffset) {
      // fall through to the forms without offset
    }
    for (DateTimeFormatter dateTime :
        new DateTimeFormatter[] {
          DateTimeFormatter.ISO_LOCAL_DATE_TIME, SPACED_ISO_DATE_TIME, FRENCH_DATE_TIME
        }) {
      try {
        return LocalDateTime.parse(text, dateTime).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    for (DateTimeFormatter date :
        new DateTimeFormatter[] {DateTimeFormatter.ISO_LOCAL_DATE, FRENCH_DATE}) {
      try {
        return LocalDate.parse(text, date).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    throw new DateTimeException(
        "not a date: expected 2024-03-01, 2024-03-01T10:15:00Z or 01/03/2024");
  }

  /** Tags separated by '|', ',' or ';', trimmed and lower-cased so that "VIP" matches "vip". */
  public static Set<String> tags(String cell) {
    Set<String> tags = new LinkedHashSet<>();
    if (cell == null) {
      return tags;
    }
    for (String tag : TAG_SEPARATORS.split(cell)) {
      String cleaned = tag.strip().toLowerCase(Locale.ROOT);
      if (!cleaned.isEmpty()) {
        tags.add(cleaned);
      }
    }
    return tags;
  }

  private static String fold(String cell) {
    if (cell == null) {
      return "";
    }
    return Normalizer.normalize(cell.strip(), Normalizer.Form.NFD)
        .replaceAll("\\p{M}+", "")
        .toLowerCase(Locale.ROOT);
  }
}
