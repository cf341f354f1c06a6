package dev.relais.scheduler.erasure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.scheduler.v1.ExportQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.ExportedQueuedMessage;
import dev.relais.queue.QueueExporter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class QueuedMessageExportsTest {

  private static final UUID ID = UUID.fromString("0b9b5a4e-43d5-4d3a-9a43-5c4f1d7c2a10");

  @Test
  void everyFieldOfAQueuedMessageReachesTheAnswer() {
    QueueExporter.Message message =
        new QueueExporter.Message(
            "+33612345678",
            "orange",
            "ns/spring-sale",
            ID,
            Instant.parse("2026-11-23T10:00:00.250Z"),
            Instant.parse("2026-11-25T10:00:00Z"),
            "RELAIS",
            "Bonjour, -20% ce week-end. STOP 36111",
            1,
            true);

    ExportQueuedMessagesResponse response =
        QueuedMessageExports.response(new QueueExporter.Result(List.of(message), 3));

    assertThat(response.getRoutes()).isEqualTo(3);
    ExportedQueuedMessage exported = response.getMessages(0);
    assertThat(exported.getRoute()).isEqualTo("orange");
    assertThat(exported.getCampaignId()).isEqualTo("ns/spring-sale");
    assertThat(exported.getMessageId()).isEqualTo(ID.toString());
    assertThat(exported.getDueAt().getSeconds())
        .isEqualTo(Instant.parse("2026-11-23T10:00:00Z").getEpochSecond());
    assertThat(exported.getDueAt().getNanos()).isEqualTo(250_000_000);
    assertThat(exported.getValidUntil().getSeconds())
        .isEqualTo(Instant.parse("2026-11-25T10:00:00Z").getEpochSecond());
    assertThat(exported.getSender()).isEqualTo("RELAIS");
    assertThat(exported.getBody()).isEqualTo("Bonjour, -20% ce week-end. STOP 36111");
    assertThat(exported.getParts()).isEqualTo(1);
    assertThat(exported.getUnsent()).isTrue();
  }

  @Test
  void aRowWrittenWithoutOptionalColumnsStillExports() {
    QueueExporter.Message bare =
        new QueueExporter.Message(
            "33612345678", "sfr", null, null, Instant.EPOCH, null, null, "Hi", 0, false);

    ExportedQueuedMessage exported = QueuedMessageExports.message(bare);

    assertThat(exported.getCampaignId()).isEmpty();
    assertThat(exported.getMessageId()).isEmpty();
    assertThat(exported.hasValidUntil()).isFalse();
    assertThat(exported.getBody()).isEqualTo("Hi");
    assertThat(exported.getUnsent()).isFalse();
  }
}
