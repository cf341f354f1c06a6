package dev.relais.contacts.gdpr;

import dev.relais.proto.contacts.v1.QueuedMessageRecord;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.ExportedQueuedMessage;
import java.util.ArrayList;
import java.util.List;

/** The scheduler's answer about a number's queued messages, as contacts' export carries them. */
final class QueuedMessageRecords {

  private QueuedMessageRecords() {}

  /** The messages of {@code answer}, in its order (earliest due first). */
  static List<QueuedMessageRecord> of(ExportQueuedMessagesResponse answer) {
    List<QueuedMessageRecord> records = new ArrayList<>(answer.getMessagesCount());
    for (ExportedQueuedMessage message : answer.getMessagesList()) {
      records.add(record(message));
    }
    return records;
  }

  static QueuedMessageRecord record(ExportedQueuedMessage message) {
    QueuedMessageRecord.Builder record =
        QueuedMessageRecord.newBuilder()
            .setRoute(message.getRoute())
            .setCampaignId(message.getCampaignId())
            .setMessageId(message.getMessageId())
            .setSender(message.getSender())
            .setBody(message.getBody())
            .setParts(message.getParts())
            .setUnsent(message.getUnsent());
    if (message.hasDueAt()) {
      record.setDueAt(message.getDueAt());
    }
    if (message.hasValidUntil()) {
      record.setValidUntil(message.getValidUntil());
    }
    return record.build();
  }
}
