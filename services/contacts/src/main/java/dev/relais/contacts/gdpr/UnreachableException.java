package dev.relais.contacts.gdpr;

/**
 * Another service holding data about a number (the scheduler's dispatch queue, the links service)
 * did not answer an erasure or an export: nothing can be claimed, the caller retries.
 */
public final class UnreachableException extends RuntimeException {

  public UnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
