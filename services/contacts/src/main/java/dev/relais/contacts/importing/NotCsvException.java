package dev.relais.contacts.importing;

/**
 * The input as a whole is not a contacts CSV (binary content, no header with a phone column): it is
 * refused before any row is stored.
 */
public final class NotCsvException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public NotCsvException(String message) {
    super(message);
  }
}
