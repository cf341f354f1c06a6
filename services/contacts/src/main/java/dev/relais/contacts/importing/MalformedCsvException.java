package dev.relais.contacts.importing;

/**
 * The CSV cannot be parsed past {@code line} (typically an unclosed quote): the rows before it
 * stand, the rest of the file is reported as unreadable.
 */
public final class MalformedCsvException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long line;

  public MalformedCsvException(long line, String message) {
    super(message);
    this.line = line;
  }

  public long line() {
    return line;
  }
}
