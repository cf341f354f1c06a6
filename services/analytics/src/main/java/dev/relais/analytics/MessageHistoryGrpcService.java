package dev.relais.analytics;

import dev.relais.analytics.events.EventBatchValidator;
import dev.relais.analytics.store.MessageHistoryDao;
import dev.relais.common.grpc.GrpcErrors;
import dev.relais.proto.analytics.v1.GetMessageHistoryRequest;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.MessageHistory;
import dev.relais.proto.analytics.v1.MessageHistoryServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;

/** The gRPC {@code relais.analytics.v1.MessageHistoryService}: one message's recorded events. */
public final class MessageHistoryGrpcService
    extends MessageHistoryServiceGrpc.MessageHistoryServiceImplBase {

  private final MessageHistoryDao history;

  public MessageHistoryGrpcService(MessageHistoryDao history) {
    this.history = history;
  }

  @Override
  public void getMessageHistory(
      GetMessageHistoryRequest request, StreamObserver<MessageHistory> response) {
    GrpcErrors.answer(
        response,
        "analytics",
        () -> {
          String campaign = required(request.getCampaignId(), "campaign_id");
          String message = required(request.getMessageId(), "message_id");
          List<MessageEvent> events = history.events(campaign, message);
          if (events.isEmpty()) {
            throw Status.NOT_FOUND
                .withDescription(
                    "no event recorded for message "
                        + message
                        + " of campaign "
                        + campaign
                        + " (not sent yet, another campaign's, or older than the 180 days"
                        + " events are kept)")
                .asRuntimeException();
          }
          return MessageHistory.newBuilder()
              .setCampaignId(campaign)
              .setMessageId(message)
              .addAllEvents(events)
              .build();
        });
  }

  private static String required(String value, String field) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " is required");
    }
    // Longer ids are refused by RecordEvents, so no message has one.
    if (value.length() > EventBatchValidator.MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          field + " is longer than " + EventBatchValidator.MAX_ID_LENGTH + " characters");
    }
    return value;
  }
}
