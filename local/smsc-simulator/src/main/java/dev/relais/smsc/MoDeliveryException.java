package dev.relais.smsc;

/** An injected mobile-originated message could not be delivered to a bound ESME. */
public final class MoDeliveryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  MoDeliveryException(String message, Throwable cause) {
    super(message, cause);
  }

  MoDeliveryException(String message) {
    super(message);
  }
}
