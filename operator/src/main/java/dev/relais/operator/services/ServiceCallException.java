package dev.relais.operator.services;

/**
 * A call to a Relais service failed. {@link #rejected()} tells a refusal of the request itself
 * (retrying the same request cannot help) from the service being unreachable or failing.
 */
public class ServiceCallException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String what;
  private final String detail;
  private final boolean rejected;

  public ServiceCallException(String message, boolean rejected, Throwable cause) {
    this(message, "", rejected, cause);
  }

  /**
   * @param what what failed and how, e.g. "the scheduler at ... refused campaign shop/sale:
   *     INVALID_ARGUMENT"
   * @param detail the service's own explanation, empty when it gave none
   */
  public ServiceCallException(String what, String detail, boolean rejected, Throwable cause) {
    super(detail.isEmpty() ? what : what + " " + detail, cause);
    this.what = what;
    this.detail = detail;
    this.rejected = rejected;
  }

  /** Whether the service refused the request as invalid (gRPC INVALID_ARGUMENT and the like). */
  public boolean rejected() {
    return rejected;
  }

  /** The service's own explanation (for a refusal: what is wrong with the request), or empty. */
  public String detail() {
    return detail;
  }

  /** The same failure with the service's explanation said otherwise. */
  public ServiceCallException withDetail(String newDetail) {
    return new ServiceCallException(what, newDetail, rejected, getCause());
  }
}
