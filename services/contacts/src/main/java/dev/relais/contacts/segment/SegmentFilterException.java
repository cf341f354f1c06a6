package dev.relais.contacts.segment;

/** A segment filter that does not parse, with the 1-based column where the problem was found. */
public final class SegmentFilterException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final int column;

  SegmentFilterException(String reason, int column) {
    super(reason + " at column " + column);
    this.reason = reason;
    this.column = column;
  }

  /** What is wrong, without the position. */
  public String reason() {
    return reason;
  }

  /** 1-based column in the filter text. */
  public int column() {
    return column;
  }
}
