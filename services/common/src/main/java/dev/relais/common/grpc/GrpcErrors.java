package dev.relais.common.grpc;

import com.datastax.oss.driver.api.core.DriverException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one mapping from what went wrong in a call to the gRPC status its caller gets, for every
 * service:
 *
 * <ul>
 *   <li>a {@link StatusRuntimeException} or {@link StatusException}: its status as it is (the code
 *       chose it, or another service answered it), without the metadata it came with;
 *   <li>{@link IllegalArgumentException}: {@code INVALID_ARGUMENT} with its message, which says
 *       what is wrong with the request;
 *   <li>{@link Conflict}: {@code FAILED_PRECONDITION} with its message (the request is valid, the
 *       state it meets is not);
 *   <li>a Cassandra driver exception: {@code UNAVAILABLE} ("... store unavailable"), logged as a
 *       warning: the caller may retry;
 *   <li>anything else: {@code INTERNAL} ("internal error"), logged with its stack trace; nothing of
 *       its message reaches the caller, since it may hold personal data.
 * </ul>
 *
 * {@link CompletionException} and {@link ExecutionException} are looked through.
 */
public final class GrpcErrors {

  private static final Logger LOG = Logger.getLogger(GrpcErrors.class.getName());

  /** A valid request that the current state does not allow: {@code FAILED_PRECONDITION}. */
  public static class Conflict extends RuntimeException {
    public Conflict(String message) {
      super(message);
    }
  }

  private GrpcErrors() {}

  /**
   * The status for {@code error}, raised while serving a call of {@code service} (e.g. "contacts"),
   * which names the store in an UNAVAILABLE description and the call in the log.
   */
  public static StatusRuntimeException statusOf(Throwable error, String service) {
    Throwable cause = unwrap(error);
    return switch (cause) {
      // The status alone: one relayed from another service's answer carries that answer's
      // metadata, which sent again would garble the reply (the caller reads UNKNOWN).
      case StatusRuntimeException status -> status.getStatus().asRuntimeException();
      case StatusException status -> status.getStatus().asRuntimeException();
      case IllegalArgumentException invalid ->
          Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException();
      case Conflict conflict ->
          Status.FAILED_PRECONDITION.withDescription(conflict.getMessage()).asRuntimeException();
      case DriverException store -> {
        LOG.log(Level.WARNING, service + " store call failed", store);
        yield Status.UNAVAILABLE
            .withDescription(service + " store unavailable, retry later")
            .asRuntimeException();
      }
      default -> {
        LOG.log(Level.SEVERE, service + " call failed", cause);
        yield Status.INTERNAL.withDescription("internal error").asRuntimeException();
      }
    };
  }

  /**
   * Answers a unary call of {@code service}: the result of {@code call}, or the status of what it
   * threw ({@link #statusOf}).
   */
  public static <T> void answer(StreamObserver<T> response, String service, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (RuntimeException e) {
      response.onError(statusOf(e, service));
      return;
    }
    response.onNext(result);
    response.onCompleted();
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
