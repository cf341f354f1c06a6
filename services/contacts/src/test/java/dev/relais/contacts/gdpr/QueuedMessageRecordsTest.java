package dev.relais.contacts.gdpr;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.proto.contacts.v1.QueuedMessageRecord;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.ExportedQueuedMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueuedMessageRecordsTest {

  private static final Timestamp DUE = Timestamp.newBuilder().setSeconds(1_795_000_000).build();
  private static final Timestamp UNTIL = Timestamp.newBuilder().setSeconds(1_795_172_800).build();

  @Test
  void everyFieldTheSchedulerAnswersReachesTheExportInItsOrder() {
    ExportedQueuedMessage sent =
        ExportedQueuedMessage.newBuilder()
            .setRoute("orange")
            .setCampaignId("ns/spring-sale")
            .setMessageId("0b9b5a4e-43d5-4d3a-9a43-5c4f1d7c2a10")
            .setDueAt(DUE)
            .setValidUntil(UNTIL)
            .setSender("RELAIS")
            .setBody("Bonjour, -20% ce week-end. STOP 36111")
            .setParts(1)
            .setUnsent(false)
            .build();
    ExportedQueuedMessage waiting = sent.toBuilder().setRoute("sfr").setUnsent(true).build();

    List<QueuedMessageRecord> records =
        QueuedMessageRecords.of(
            ExportQueuedMessagesResponse.newBuilder()
                .addMessages(sent)
                .addMessages(waiting)
                .setRoutes(2)
                .build());

    assertThat(records).extracting(QueuedMessageRecord::getRoute).containsExactly("orange", "sfr");
    QueuedMessageRecord first = records.get(0);
    assertThat(first.getCampaignId()).isEqualTo("ns/spring-sale");
    assertThat(first.getMessageId()).isEqualTo("0b9b5a4e-43d5-4d3a-9a43-5c4f1d7c2a10");
    assertThat(first.getDueAt()).isEqualTo(DUE);
    assertThat(first.getValidUntil()).isEqualTo(UNTIL);
    assertThat(first.getSender()).isEqualTo("RELAIS");
    assertThat(first.getBody()).isEqualTo("Bonjour, -20% ce week-end. STOP 36111");
    assertThat(first.getParts()).isEqualTo(1);
    assertThat(first.getUnsent()).isFalse();
    assertThat(records.get(1).getUnsent()).isTrue();
  }

  @Test
  void timesTheSchedulerLeftOutStayUnset() {
    QueuedMessageRecord record =
        QueuedMessageRecords.record(ExportedQueuedMessage.newBuilder().setBody("Hi").build());

    assertThat(record.hasDueAt()).isFalse();
    assertThat(record.hasValidUntil()).isFalse();
    assertThat(record.getBody()).isEqualTo("Hi");
  }

  @Test
  void contactsWithoutASchedulerSaysTheQueueWasNotSearched() {
    QueueErasure.Holdings holdings = QueueErasure.NONE.export("+33612345678");

    assertThat(holdings.searched()).isFalse();
    assertThat(holdings.messages()).isEmpty();
  }
}
