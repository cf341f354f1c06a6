package dev.relais.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.EraseContactRequest;
import dev.relais.proto.contacts.v1.EraseContactResponse;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.QueueErasureServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure reaching the queue through a stand-in scheduler (the real one is in e2e-tests'
 * ErasureIT): the response carries the queue's counts, an unreachable queue fails the erasure
 * before anything is deleted, and the retention sweeper erases inactive contacts through the same
 * path.
 */
class ErasureRetentionIT {

  /** A scheduler's QueueErasureService that records the numbers asked and can be made to fail. */
  static final class StandInScheduler extends QueueErasureServiceGrpc.QueueErasureServiceImplBase {
    final List<String> asked = new CopyOnWriteArrayList<>();
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicLong queued = new AtomicLong();

    @Override
    public void eraseQueuedMessages(
        EraseQueuedMessagesRequest request, StreamObserver<EraseQueuedMessagesResponse> response) {
      if (down.get()) {
        response.onError(Status.UNAVAILABLE.withDescription("queue down").asRuntimeException());
        return;
      }
      asked.addAll(request.getPhonesList());
      // The first pass finds the queued messages; the second finds them already scrubbed.
      long found = queued.getAndSet(0);
      response.onNext(
          EraseQueuedMessagesResponse.newBuilder()
              .setErased(found)
              .setUnsent(found)
              .setRoutes(1)
              .build());
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
    harness =
        new ContactsHarness(
            Map.of(
                "scheduler.address", "127.0.0.1:" + scheduler.port(),
                "retention.inactive", "P1095D",
                "retention.delay", "PT1H",
                "retention.batch", "2"));
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
  void theResponseCountsTheQueuedMessagesErasedAndARetryIsHarmless() {
    importContact("+33625100001", null);
    SCHEDULER.queued.set(3);

    EraseContactResponse erased = erase("06 25 10 00 01");

    assertThat(erased.getFound()).isTrue();
    assertThat(erased.getQueueSearched()).isTrue();
    assertThat(erased.getQueuedMessagesErased()).isEqualTo(3);
    assertThat(erased.getQueuedMessagesUnsent()).isEqualTo(3);
    assertThat(SCHEDULER.asked).contains("+33625100001");

    EraseContactResponse again = erase("+33625100001");
    assertThat(again.getFound()).isFalse();
    assertThat(again.getQueueSearched()).isTrue();
    assertThat(again.getQueuedMessagesErased()).isZero();
  }

  @Test
  void anUnreachableQueueFailsTheErasureBeforeAnythingIsDeleted() {
    importContact("+33625100002", null);
    SCHEDULER.down.set(true);
    try {
      assertThatThrownBy(() -> erase("+33625100002"))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(e.getStatus().getDescription()).contains("retry");
              });
      assertThat(contactExists("+33625100002")).isTrue();
    } finally {
      SCHEDULER.down.set(false);
    }
    assertThat(erase("+33625100002").getFound()).isTrue();
    assertThat(contactExists("+33625100002")).isFalse();
  }

  @Test
  void theSweeperErasesContactsInactiveForThreeYearsAndKeepsTheOthers() {
    Instant now = Instant.now();
    importContact("+33625100011", now.minus(Duration.ofDays(1200)));
    importContact("+33625100012", now.minus(Duration.ofDays(1500)));
    importContact("+33625100013", now.minus(Duration.ofDays(1300)));
    importContact("+33625100014", now.minus(Duration.ofDays(400)));
    importContact("+33625100015", null); // collected just now

    var sweep = harness.server.sweepInactiveContacts();

    assertThat(sweep.erased()).isEqualTo(3);
    assertThat(contactExists("+33625100011")).isFalse();
    assertThat(contactExists("+33625100012")).isFalse();
    assertThat(contactExists("+33625100013")).isFalse();
    assertThat(contactExists("+33625100014")).isTrue();
    assertThat(contactExists("+33625100015")).isTrue();
    assertThat(SCHEDULER.asked)
        .contains("+33625100011", "+33625100012", "+33625100013")
        .doesNotContain("+33625100014", "+33625100015");

    // A queue that cannot be searched leaves the inactive contacts for the next sweep.
    importContact("+33625100016", now.minus(Duration.ofDays(2000)));
    SCHEDULER.down.set(true);
    try {
      var failed = harness.server.sweepInactiveContacts();
      assertThat(failed.erased()).isZero();
      assertThat(failed.failedBatches()).isEqualTo(1);
      assertThat(contactExists("+33625100016")).isTrue();
    } finally {
      SCHEDULER.down.set(false);
    }
    assertThat(harness.server.sweepInactiveContacts().erased()).isEqualTo(1);
    assertThat(contactExists("+33625100016")).isFalse();
  }

  private static void importContact(String phone, Instant lastInteraction) {
    ContactRecord.Builder record = ContactRecord.newBuilder().setPhone(phone).setFirstName("Léa");
    if (lastInteraction != null) {
      record.setLastInteractionAt(
          Timestamp.newBuilder().setSeconds(lastInteraction.getEpochSecond()).build());
    }
    harness.importer.importRecords(
        List.of(record.build()), ImportOptions.newBuilder().setList("prospects").build());
  }

  private static EraseContactResponse erase(String phone) {
    return harness.contacts.eraseContact(EraseContactRequest.newBuilder().setPhone(phone).build());
  }

  private static boolean contactExists(String phone) {
    try {
      harness.contacts.getContact(GetContactRequest.newBuilder().setPhone(phone).build());
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }
}
