package dev.relais.contacts.gdpr;

import java.util.Collection;

/**
 * Erasure of numbers in the dispatch queue, which the scheduler owns: every message still queued
 * for them loses its destination and text and is never sent.
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

  /** Thrown when the queue could not be searched: nothing can be claimed, the caller retries. */
  final class UnreachableException extends RuntimeException {
    public UnreachableException(String message, Throwable cause) {
      super(message, cause);
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
}
