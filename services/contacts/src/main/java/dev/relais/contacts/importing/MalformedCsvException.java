package dev.relais.contacts.importing;

/**
 * The CSV cannot be read past {@code line} (typically an unclosed quote, or text in another
 * character set than the lines before it): the rows before it stand, the rest of the file is
 * reported as unreadable.
 */
public final class MalformedCsvException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Reason of the rows lost after an unclosed quote or another parse error. */
  public static final String MALFORMED_CSV = "malformed-csv";

  private final long line;
  private final String reason;

  public MalformedCsvException(long line, String message) {
    this(line, MALFORMED_CSV, message);
  }

  public MalformedCsvException(long line, String reason, String message) {
    super(message);
    this.line = line;
    this.reason = reason;
  }

  public long line() {
    return line;
  }

  /** The reason key the rest of the file is reported under. */
  public String reason() {
    return reason;
  }
}
