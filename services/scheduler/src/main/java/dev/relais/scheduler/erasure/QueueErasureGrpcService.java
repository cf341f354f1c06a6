package dev.relais.scheduler.erasure;

import com.datastax.oss.driver.api.core.DriverException;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.QueueErasureServiceGrpc;
import dev.relais.queue.QueueEraser;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gRPC face of erasure in the dispatch queue: contacts calls it when a number is erased (GDPR
 * Art. 17). Logs counts only, never numbers.
 */
public final class QueueErasureGrpcService
    extends QueueErasureServiceGrpc.QueueErasureServiceImplBase {

  private static final Logger LOG = Logger.getLogger(QueueErasureGrpcService.class.getName());

  private final QueueEraser eraser;

  public QueueErasureGrpcService(QueueEraser eraser) {
    this.eraser = eraser;
  }

  @Override
  public void eraseQueuedMessages(
      EraseQueuedMessagesRequest request, StreamObserver<EraseQueuedMessagesResponse> response) {
    Set<String> numbers;
    try {
      numbers = ErasedNumbers.of(request.getPhonesList());
    } catch (IllegalArgumentException e) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    QueueEraser.Result result;
    try {
      result = eraser.erase(numbers);
    } catch (DriverException e) {
      LOG.log(Level.WARNING, "queue erasure failed (the caller retries)", e);
      response.onError(
          Status.UNAVAILABLE
              .withDescription("the dispatch queue could not be scanned: " + e.getMessage())
              .asRuntimeException());
      return;
    }
    LOG.info(() ->
        "queue erasure of "
            + numbers.size()
            + " number(s): "
            + result.erased()
            + " queued message(s) scrubbed, "
            + result.unsent()
            + " of them unsent, over "
            + result.routes()
            + " route(s)");
    response.onNext(
        EraseQueuedMessagesResponse.newBuilder()
            .setErased(result.erased())
            .setUnsent(result.unsent())
            .setRoutes(result.routes())
            .build());
    response.onCompleted();
  }
}
