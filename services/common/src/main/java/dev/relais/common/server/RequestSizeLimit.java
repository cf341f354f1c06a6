package dev.relais.common.server;

import io.grpc.Context;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Answers RESOURCE_EXHAUSTED to a gRPC request message larger than the server's limit.
 *
 * <p>Helidon's gRPC handler refuses such a message by throwing inside its HTTP/2 data handler: it
 * cancels the call's listener, logs the exception with its stack trace, and never answers, so the
 * caller waits for its deadline while every further DATA frame of the message is read as a new one
 * and logged again. The cancelled listener is the only hook it leaves: this interceptor notes the
 * call whose listener is cancelled although its context is not (a caller's cancellation or deadline
 * cancels the context first), and the log record Helidon writes next, on the same thread, says
 * whether the message was too large. Then the call is closed, which also makes Helidon drop the
 * rest of the message, and one line is logged instead of the stack traces.
 */
final class RequestSizeLimit implements ServerInterceptor {

  private static final Logger LOG = Logger.getLogger(RequestSizeLimit.class.getName());

  /** The logger of Helidon's gRPC handler, held so that its filter stays with it. */
  private static final Logger HANDLER_LOG =
      Logger.getLogger("io.helidon.webserver.grpc.GrpcProtocolHandler");

  /** Helidon's message for a request message larger than its read buffer. */
  private static final String OVERSIZE = "exceeds max read buffer size";

  private static final ThreadLocal<Refused> FAILED = new ThreadLocal<>();

  static {
    HANDLER_LOG.setFilter(new AnswerOversizeRequests());
  }

  private final int maxBytes;
  private final String setting;

  /** A limit of {@code maxBytes} per request message, named by {@code setting} in answers. */
  RequestSizeLimit(int maxBytes, String setting) {
    this.maxBytes = maxBytes;
    this.setting = setting;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
      @Override
      public void onCancel() {
        if (!Context.current().isCancelled()) {
          FAILED.set(new Refused(call, maxBytes, setting));
        }
        super.onCancel();
      }
    };
  }

  /** A call whose request Helidon gave up reading, with the limit that applied to it. */
  private record Refused(ServerCall<?, ?> call, int maxBytes, String setting) {

    void answer() {
      String method = call.getMethodDescriptor().getFullMethodName();
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription(
              "request message larger than "
                  + maxBytes
                  + " bytes, the server's limit ("
                  + setting
                  + ")"),
          new Metadata());
      LOG.warning(() -> method + ": refused a request message larger than " + maxBytes + " bytes");
    }
  }

  /** Turns Helidon's stack trace of an oversize message into the caller's answer. */
  private static final class AnswerOversizeRequests implements Filter {
    @Override
    public boolean isLoggable(LogRecord record) {
      Refused refused = FAILED.get();
      FAILED.remove();
      Throwable thrown = record.getThrown();
      if (refused == null
          || thrown == null
          || thrown.getMessage() == null
          || !thrown.getMessage().contains(OVERSIZE)) {
        return true;
      }
      refused.answer();
      return false;
    }
  }
}
