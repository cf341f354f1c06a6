package dev.relais.operator.services;

/**
 * A call to a Relais service failed. {@link #rejected()} tells a refusal of the request itself
 * (retrying the same request cannot help) from the service being unreachable or failing.
 */
public class ServiceCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final boolean rejected;

  public ServiceCallException(String message, boolean rejected, Throwable cause) {
    super(message, cause);
    this.rejected = rejected;
  }

  /** Whether the service refused the request as invalid (gRPC INVALID_ARGUMENT and the like). */
  public boolean rejected() {
    return rejected;
  }
}
