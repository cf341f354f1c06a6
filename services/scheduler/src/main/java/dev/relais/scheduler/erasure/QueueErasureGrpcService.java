package dev.relais.scheduler.erasure;

import com.datastax.oss.driver.api.core.DriverException;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.QueueErasureServiceGrpc;
import dev.relais.queue.QueueEraser;
import dev.relais.queue.QueueExporter;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gRPC face of GDPR requests in the dispatch queue: contacts calls it when a number is erased
 * (Art. 17) or exported (Art. 15). Logs counts only, never numbers.
 */
public final class QueueErasureGrpcService
    extends QueueErasureServiceGrpc.QueueErasureServiceImplBase {

  private static final Logger LOG = Logger.getLogger(QueueErasureGrpcService.class.getName());

  private final QueueEraser eraser;
  private final QueueExporter exporter;

  public QueueErasureGrpcService(QueueEraser eraser, QueueExporter exporter) {
    this.eraser = eraser;
    this.exporter = exporter;
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

  @Override
  public void exportQueuedMessages(
      ExportQueuedMessagesRequest request, StreamObserver<ExportQueuedMessagesResponse> response) {
    String phone;
    try {
      phone = ErasedNumbers.one(request.getPhone());
    } catch (IllegalArgumentException e) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    QueueExporter.Result result;
    try {
      result = exporter.export(List.of(phone));
    } catch (DriverException e) {
      LOG.log(Level.WARNING, "queue export failed (the caller retries)", e);
      response.onError(
          Status.UNAVAILABLE
              .withDescription("the dispatch queue could not be read: " + e.getMessage())
              .asRuntimeException());
      return;
    }
    LOG.info(() ->
        "queue export of one number: "
            + result.messages().size()
            + " queued message(s) over "
            + result.routes()
            + " route(s)");
    response.onNext(QueuedMessageExports.response(result));
    response.onCompleted();
  }
}
