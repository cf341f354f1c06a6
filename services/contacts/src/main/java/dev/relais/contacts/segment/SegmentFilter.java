package dev.relais.contacts.segment;

import dev.relais.proto.contacts.v1.Contact;
import java.time.Instant;

/**
 * A parsed segment filter (language in docs/segments.md): an immutable predicate over one contact
 * at a time, so an audience is filtered while it streams and is never held in memory.
 */
public final class SegmentFilter {

  /** The empty filter: every contact. */
  public static final SegmentFilter EVERYONE = new SegmentFilter(new SegmentCondition.Everyone());

  private final SegmentCondition condition;

  private SegmentFilter(SegmentCondition condition) {
    this.condition = condition;
  }

  /**
   * Parses a filter; null or blank selects everyone.
   *
   * @throws SegmentFilterException with the column of the first problem
   */
  public static SegmentFilter parse(String filter) {
    if (filter == null || filter.isBlank()) {
      return EVERYONE;
    }
    return new SegmentFilter(SegmentParser.parse(filter));
  }

  /** Whether {@code contact} belongs to the segment when evaluated at {@code now}. */
  public boolean matches(Contact contact, Instant now) {
    return condition.test(contact, now);
  }

  /** True for the empty filter. */
  public boolean selectsEveryone() {
    return condition instanceof SegmentCondition.Everyone;
  }

  /**
   * The filter in canonical form: keywords in lower case, built-in field names as documented,
   * custom attributes as {@code attr.name}, one space between tokens. Two filters with the same
   * canonical form select the same contacts; parsing it gives the same filter.
   */
  public String canonical() {
    return condition.canonical();
  }

  @Override
  public String toString() {
    return canonical();
  }
}
