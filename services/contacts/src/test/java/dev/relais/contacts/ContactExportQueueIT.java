package dev.relais.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.Timestamp;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.QueuedMessageRecord;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.ExportedQueuedMessage;
import dev.relais.proto.scheduler.v1.QueueErasureServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ExportContact carries the messages the dispatch queue holds for the number, through a stand-in
 * scheduler (the real queue scan is QueueExporterIT's, the whole path e2e-tests' ErasureIT): with
 * their text and state, and an unreachable scheduler fails the export rather than leaving them out.
 */
class ContactExportQueueIT {

  private static final String PHONE = "+33625300001";

  /** A scheduler holding one sent and one unsent message for {@link #PHONE}, nothing for others. */
  static final class StandInScheduler extends QueueErasureServiceGrpc.QueueErasureServiceImplBase {
    final List<String> asked = new CopyOnWriteArrayList<>();
    final AtomicBoolean down = new AtomicBoolean();

    @Override
    public void exportQueuedMessages(
        ExportQueuedMessagesRequest request,
        StreamObserver<ExportQueuedMessagesResponse> response) {
      if (down.get()) {
        response.onError(Status.UNAVAILABLE.withDescription("queue down").asRuntimeException());
        return;
      }
      asked.add(request.getPhone());
      ExportQueuedMessagesResponse.Builder answer =
          ExportQueuedMessagesResponse.newBuilder().setRoutes(2);
      if (request.getPhone().equals(PHONE)) {
        ExportedQueuedMessage sent =
            ExportedQueuedMessage.newBuilder()
                .setRoute("orange")
                .setCampaignId("bakery/croissants")
                .setMessageId("0b9b5a4e-43d5-4d3a-9a43-5c4f1d7c2a10")
                .setDueAt(Timestamp.newBuilder().setSeconds(1_795_000_000))
                .setValidUntil(Timestamp.newBuilder().setSeconds(1_795_172_800))
                .setSender("BOULANGE")
                .setBody("Croissants -30% ce matin. STOP 36111")
                .setParts(1)
                .build();
        answer
            .addMessages(sent)
            .addMessages(
                sent.toBuilder()
                    .setMessageId("5f0c1b9e-2b8e-4c51-8f0a-6c1d2e3f4a5b")
                    .setBody("Pains au chocolat demain. STOP 36111")
                    .setUnsent(true));
      }
      response.onNext(answer.build());
      response.onCompleted();
    }
  }

  private static final StandInScheduler SCHEDULER = new StandInScheduler();
  private static Telemetry telemetry;
  private static ServiceServer scheduler;
  private static ContactsHarness harness;

  @BeforeAll
  static void start() {
    telemetry = Telemetry.create("scheduler-stand-in", null, 1.0);
    scheduler =
        ServiceServer.builder(ServiceConfig.of("scheduler", Map.of("server.port", "0")), telemetry)
            .grpc(SCHEDULER)
            .start();
    harness = new ContactsHarness(Map.of("scheduler.address", "127.0.0.1:" + scheduler.port()));
    harness.importer.importRecords(
        List.of(
            ContactRecord.newBuilder().setPhone(PHONE).setFirstName("Léa").build(),
            ContactRecord.newBuilder().setPhone("+33625300002").setFirstName("Paul").build()),
        ImportOptions.newBuilder().setDefaultRegion("FR").setList("gdpr").build());
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
    if (scheduler != null) {
      scheduler.close();
    }
    if (telemetry != null) {
      telemetry.close();
    }
  }

  @Test
  void theExportHoldsTheNumbersQueuedMessagesWithTextAndState() {
    ContactExport export = export("06 25 30 00 01");

    assertThat(export.getQueueSearched()).isTrue();
    assertThat(export.getContact().getFirstName()).isEqualTo("Léa");
    assertThat(export.getQueuedMessagesList())
        .extracting(QueuedMessageRecord::getBody, QueuedMessageRecord::getUnsent)
        .containsExactly(
            tuple("Croissants -30% ce matin. STOP 36111", false),
            tuple("Pains au chocolat demain. STOP 36111", true));
    QueuedMessageRecord first = export.getQueuedMessages(0);
    assertThat(first.getRoute()).isEqualTo("orange");
    assertThat(first.getCampaignId()).isEqualTo("bakery/croissants");
    assertThat(first.getSender()).isEqualTo("BOULANGE");
    assertThat(first.getDueAt().getSeconds()).isEqualTo(1_795_000_000);
    assertThat(export.getJson())
        .contains("\"queueSearched\": true")
        .contains("Croissants -30% ce matin. STOP 36111")
        .contains("\"unsent\": false")
        .contains("\"unsent\": true");
    // The scheduler was asked about the number in E.164, whatever form the request used.
    assertThat(SCHEDULER.asked).contains(PHONE);
  }

  @Test
  void anotherNumbersExportHoldsNoneOfThem() {
    ContactExport export = export("+33625300002");

    assertThat(export.getQueueSearched()).isTrue();
    assertThat(export.getQueuedMessagesList()).isEmpty();
    assertThat(export.getJson()).doesNotContain("Croissants").contains("\"queuedMessages\": []");
  }

  @Test
  void anUnreachableSchedulerFailsTheExportRatherThanLeavingTheQueueOut() {
    SCHEDULER.down.set(true);
    try {
      assertThatThrownBy(() -> export(PHONE))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(e.getStatus().getDescription()).contains("dispatch queue");
              });
    } finally {
      SCHEDULER.down.set(false);
    }
    assertThat(export(PHONE).getQueuedMessagesCount()).isEqualTo(2);
  }

  private static ContactExport export(String phone) {
    return harness.contacts.exportContact(
        ExportContactRequest.newBuilder().setPhone(phone).build());
  }
}
