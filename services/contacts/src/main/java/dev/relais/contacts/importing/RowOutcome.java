package dev.relais.contacts.importing;

/** The result of reading or validating one import row: a value, or a reason to reject the row. */
public sealed interface RowOutcome<T> {

  /** The row is usable. */
  record Accepted<T>(T value) implements RowOutcome<T> {}

  /**
   * The row is refused. {@code reason} is a stable machine-readable key counted in the report
   * ("invalid-number"); {@code detail} explains it to a person and never repeats the phone number.
   */
  record Rejected<T>(String reason, String detail) implements RowOutcome<T> {}

  static <T> RowOutcome<T> accepted(T value) {
    return new Accepted<>(value);
  }

  static <T> RowOutcome<T> rejected(String reason, String detail) {
    return new Rejected<>(reason, detail);
  }
}
