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

  /** Consent cells meaning "asked, awaiting confirmation" (double opt-in). */
  private static final Set<String> PENDING =
      Set.of(
          "pending",
          "en attente",
          "attente",
          "a confirmer",
          "double opt-in",
          "double optin",
          "double opt in",
          "doi");

  private static final Pattern TAG_SEPARATORS = Pattern.compile("[|,;]");
  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern OFFSET_OR_ZONE =
      Pattern.compile("(?:[Zz]|[+-]\\d\\d(?::?\\d\\d)?)$");
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
   * A consent cell: a yes grants, a no withdraws, a pending value asks for a double opt-in, an
   * empty cell says nothing; empty when the cell is none of these (the caller rejects the row).
   */
  public static Optional<ConsentAnswer> consent(String cell) {
    if (cell == null || cell.isBlank()) {
      return Optional.of(ConsentAnswer.UNSAID);
    }
    if (pending(cell)) {
      return Optional.of(ConsentAnswer.PENDING);
    }
    return flag(cell).map(yes -> yes ? ConsentAnswer.GRANTED : ConsentAnswer.WITHDRAWN);
  }

  /** True for a consent cell that asks for a double opt-in ("pending", "en attente"). */
  public static boolean pending(String cell) {
    return PENDING.contains(fold(cell).replace('_', ' '));
  }

  /**
   * A date or date-time cell: ISO-8601 ({@code 2024-03-01}, {@code 2024-03-01T10:15:00Z}, with or
   * without offset, 'T' or space) or French day-first ({@code 01/03/2024}, {@code 01/03/2024
   * 10:15}).
   *
   * @throws DateTimeException when the cell holds none of these
   */
  public static Instant instant(String cell) {
    String text = cell.strip();
    // Pick the one form the text can be by its shape: trying each in turn would throw (and fill a
    // stack trace) several times per row on a large import.
    try {
      if (text.indexOf('/') > 0) {
        return text.length() <= 10
            ? LocalDate.parse(text, FRENCH_DATE).atStartOfDay(ZoneOffset.UTC).toInstant()
            : LocalDateTime.parse(text, FRENCH_DATE_TIME).toInstant(ZoneOffset.UTC);
      }
      if (text.length() == 10) {
        return LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
      }
      if (text.length() > 10 && text.charAt(10) == ' ') {
        return LocalDateTime.parse(text, SPACED_ISO_DATE_TIME).toInstant(ZoneOffset.UTC);
      }
      if (OFFSET_OR_ZONE.matcher(text).find()) {
        return OffsetDateTime.parse(text).toInstant();
      }
      return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
          .toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new DateTimeException(
          "not a date: expected 2024-03-01, 2024-03-01T10:15:00Z or 01/03/2024");
    }
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
    String stripped = cell.strip();
    for (int i = 0; i < stripped.length(); i++) {
      if (stripped.charAt(i) > 0x7F) {
        return COMBINING_MARKS
            .matcher(Normalizer.normalize(stripped, Normalizer.Form.NFD))
            .replaceAll("")
            .toLowerCase(Locale.ROOT);
      }
    }
    return stripped.toLowerCase(Locale.ROOT);
  }
}
