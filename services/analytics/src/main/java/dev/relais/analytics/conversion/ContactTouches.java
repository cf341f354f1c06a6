package dev.relais.analytics.conversion;

import java.time.Instant;
import java.util.List;

/** Where a contact's clicks and deliveries come from. */
public interface ContactTouches {

  /**
   * The contact's messages with their last human click (at), clicked at or after {@code since}; and
   * lazily, the same messages delivered, with their delivery (at).
   */
  Touches of(String contactKey, Instant since);

  /** The messages of one contact, read once and asked twice. */
  interface Touches {

    /** Messages the contact clicked, each at its last human click. */
    List<Attribution.Touch> clicks();

    /** Messages delivered to the contact, each at its delivery. Read only when asked. */
    List<Attribution.Touch> deliveries();
  }
}
