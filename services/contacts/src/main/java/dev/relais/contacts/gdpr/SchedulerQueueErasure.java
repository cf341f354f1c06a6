package dev.relais.contacts.gdpr;

import dev.relais.proto.scheduler.v1.EraseQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.QueueErasureServiceGrpc;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Calls {@code relais.scheduler.v1.QueueErasureService}: {@code EraseQueuedMessages} and {@code
 * ExportQueuedMessages}.
 */
public final class SchedulerQueueErasure implements QueueErasure {

  private final QueueErasureServiceGrpc.QueueErasureServiceBlockingStub stub;
  private final Duration deadline;

  /**
   * @param deadline how long one scan of the whole queue may take (it reads every populated bucket
   *     of every route)
   */
  public SchedulerQueueErasure(Channel channel, Duration deadline) {
    this.stub = QueueErasureServiceGrpc.newBlockingStub(channel);
    this.deadline = deadline;
  }

  @Override
  public Result erase(Collection<String> phones) {
    try {
      EraseQueuedMessagesResponse answer =
          stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
              .eraseQueuedMessages(
                  EraseQueuedMessagesRequest.newBuilder().addAllPhones(phones).build());
      return new Result(answer.getErased(), answer.getUnsent(), true);
    } catch (StatusRuntimeException e) {
      throw new UnreachableException(
          "the dispatch queue could not be searched for this number's messages (the scheduler"
              + " did not erase them: "
              + e.getStatus().getCode()
              + ")",
          e);
    }
  }

  @Override
  public Holdings export(String phone) {
    try {
      ExportQueuedMessagesResponse answer =
          stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
              .exportQueuedMessages(
                  ExportQueuedMessagesRequest.newBuilder().setPhone(phone).build());
      return new Holdings(QueuedMessageRecords.of(answer), true);
    } catch (StatusRuntimeException e) {
      throw new UnreachableException(
          "the dispatch queue could not be searched for this number's messages (the scheduler"
              + " did not export them: "
              + e.getStatus().getCode()
              + ")",
          e);
    }
  }
}
