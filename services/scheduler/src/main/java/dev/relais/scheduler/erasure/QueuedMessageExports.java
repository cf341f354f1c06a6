package dev.relais.scheduler.erasure;

import static dev.relais.common.time.ProtoTime.timestamp;

import dev.relais.proto.scheduler.v1.ExportQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.ExportedQueuedMessage;
import dev.relais.queue.QueueExporter;

/** A number's queued messages as {@code ExportQueuedMessages} answers them. */
final class QueuedMessageExports {

  private QueuedMessageExports() {}

  static ExportQueuedMessagesResponse response(QueueExporter.Result result) {
    ExportQueuedMessagesResponse.Builder response =
        ExportQueuedMessagesResponse.newBuilder().setRoutes(result.routes());
    for (QueueExporter.Message message : result.messages()) {
      response.addMessages(message(message));
    }
    return response.build();
  }

  static ExportedQueuedMessage message(QueueExporter.Message message) {
    ExportedQueuedMessage.Builder exported =
        ExportedQueuedMessage.newBuilder()
            .setRoute(orEmpty(message.route()))
            .setCampaignId(orEmpty(message.campaignId()))
            .setMessageId(message.messageId() == null ? "" : message.messageId().toString())
            .setSender(orEmpty(message.sender()))
            .setBody(orEmpty(message.body()))
            .setParts(message.parts())
            .setUnsent(message.unsent());
    if (message.dueAt() != null) {
      exported.setDueAt(timestamp(message.dueAt()));
    }
    if (message.expiresAt() != null) {
      exported.setValidUntil(timestamp(message.expiresAt()));
    }
    return exported.build();
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
