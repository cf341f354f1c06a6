package dev.relais.contacts.gdpr;

import dev.relais.proto.contacts.v1.QueuedMessageRecord;
import java.util.Collection;
import java.util.List;

/**
 * Contacts' GDPR link to the dispatch queue, which the scheduler owns: erasure of numbers (every
 * message still queued for them loses its destination and text and is never sent) and export of
 * what the queue holds for a number.
 */
@FunctionalInterface
public interface QueueErasure {

  /** What the queue held for the numbers; {@code searched} is false when no queue is wired. */
  record Result(long erased, long unsent, boolean searched) {

    public static final Result NOT_SEARCHED = new Result(0, 0, false);

    /** Both results added, searched only if both were. */
    public Result plus(Result other) {
      return new Result(erased + other.erased, unsent + other.unsent, searched && other.searched);
    }
  }

  /**
   * The messages the queue holds for one number; {@code searched} is false when no queue is wired.
   */
  record Holdings(List<QueuedMessageRecord> messages, boolean searched) {

    public static final Holdings NOT_SEARCHED = new Holdings(List.of(), false);

    public Holdings {
      messages = List.copyOf(messages);
    }
  }

  /**
   * Contacts running without a scheduler (tests, tools): the queue is not searched, and says so.
   */
  QueueErasure NONE = phones -> Result.NOT_SEARCHED;

  /**
   * Scrubs the queued messages of {@code phones} (E.164).
   *
   * @throws UnreachableException when the scheduler did not answer
   */
  Result erase(Collection<String> phones);

  /**
   * The messages queued for {@code phone} (E.164), found as {@link #erase} finds those it scrubs.
   * Without a queue (as {@link #NONE}) nothing is searched, and the answer says so.
   *
   * @throws UnreachableException when the scheduler did not answer
   */
  default Holdings export(String phone) {
    return Holdings.NOT_SEARCHED;
  }
}
