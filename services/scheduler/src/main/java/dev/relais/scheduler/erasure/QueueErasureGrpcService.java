package dev.relais.scheduler.erasure;

import dev.relais.common.grpc.GrpcErrors;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.QueueErasureServiceGrpc;
import dev.relais.queue.QueueEraser;
import dev.relais.queue.QueueExporter;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Set;
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
    GrpcErrors.answer(
        response,
        "dispatch queue",
        () -> {
          Set<String> numbers = ErasedNumbers.of(request.getPhonesList());
          QueueEraser.Result result = eraser.erase(numbers);
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
          return EraseQueuedMessagesResponse.newBuilder()
              .setErased(result.erased())
              .setUnsent(result.unsent())
              .setRoutes(result.routes())
              .build();
        });
  }

  @Override
  public void exportQueuedMessages(
      ExportQueuedMessagesRequest request, StreamObserver<ExportQueuedMessagesResponse> response) {
    GrpcErrors.answer(
        response,
        "dispatch queue",
        () -> {
          QueueExporter.Result result =
              exporter.export(List.of(ErasedNumbers.one(request.getPhone())));
          LOG.info(() ->
              "queue export of one number: "
                  + result.messages().size()
                  + " queued message(s) over "
                  + result.routes()
                  + " route(s)");
          return QueuedMessageExports.response(result);
        });
  }
}
