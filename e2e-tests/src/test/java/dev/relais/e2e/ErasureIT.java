package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.google.protobuf.Timestamp;
import dev.relais.analytics.AnalyticsServer;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.contacts.ContactsServer;
import dev.relais.contacts.client.ContactsImporter;
import dev.relais.dispatch.DispatchServer;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.EraseContactRequest;
import dev.relais.proto.contacts.v1.EraseContactResponse;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.relais.proto.scheduler.v1.Sender;
import dev.relais.scheduler.SchedulerServer;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SmscSimulatorConfig;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GDPR erasure reaching messages already queued: a campaign is queued for a route whose dispatch
 * has not started, one recipient is erased, then dispatch runs against the SMSC simulator. The
 * erased number receives nothing, the others their message, the queue keeps no trace of the number
 * and the campaign's counts account for the message left unsent. The number's export shows its
 * queued message before the erasure, and nothing at all after it.
 *
 * <p>Contacts, scheduler, analytics and dispatch run in this JVM (real services, real Cassandra,
 * real SMPP), wired as the operator wires them, contacts knowing the scheduler's address.
 */
class ErasureIT {

  private static final String ROUTE = "orange-fr";
  private static final String SYSTEM_ID = "relais";
  private static final String PASSWORD = "secret12";
  private static final String CAMPAIGN = "shop/order-ready";
  private static final List<String> RECIPIENTS =
      List.of("+33625200001", "+33625200002", "+33625200003", "+33625200004", "+33625200005");
  private static final String ERASED = "+33625200003";

  private static final List<AutoCloseable> running = new ArrayList<>();
  private static Map<String, String> shared;
  private static String prefix;
  private static SmscSimulator smsc;
  private static SchedulerServiceGrpc.SchedulerServiceBlockingStub scheduler;
  private static ContactsServiceGrpc.ContactsServiceBlockingStub contacts;
  private static Channel contactsChannel;
  private static CqlSession cql;
  private static int contactsPort;
  private static int analyticsPort;

  @BeforeAll
  static void startEverythingButDispatch() throws IOException {
    prefix = "e2e_erase_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    shared = new HashMap<>();
    shared.put("cassandra.hosts", SharedCassandra.contactPoint());
    shared.put("cassandra.datacenter", SharedCassandra.localDatacenter());
    shared.put("cassandra.prefix", prefix);
    shared.put("server.port", "0");
    Telemetry telemetry = Telemetry.create("erasure-it", null, 1.0);
    running.add(telemetry);

    AnalyticsServer analytics = AnalyticsServer.start(config("analytics", Map.of()));
    running.add(analytics);
    analyticsPort = analytics.port();
    // Contacts and scheduler call each other: the scheduler's port is chosen first.
    int schedulerPort = freePort();
    ContactsServer contactsServer =
        ContactsServer.start(
            config(
                "contacts",
                Map.of(
                    "scheduler.address",
                    "127.0.0.1:" + schedulerPort,
                    "privacy.key",
                    "e2e-privacy-key")));
    running.add(contactsServer);
    contactsPort = contactsServer.port();
    SchedulerServer schedulerServer =
        SchedulerServer.start(
            config(
                "scheduler",
                Map.of(
                    "server.port",
                    Integer.toString(schedulerPort),
                    "contacts.address",
                    "127.0.0.1:" + contactsServer.port(),
                    "analytics.address",
                    "127.0.0.1:" + analytics.port(),
                    "scheduler.poll",
                    "100")));
    running.add(schedulerServer);
    smsc =
        SmscSimulator.start(
            SmscSimulatorConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .account(SYSTEM_ID, PASSWORD)
                .dlrDelay(Duration.ofMillis(50), Duration.ofMillis(200))
                .build());
    running.add(smsc);

    contactsChannel =
        GrpcChannels.connect(new HostPort("127.0.0.1", contactsServer.port()), telemetry);
    contacts = ContactsServiceGrpc.newBlockingStub(contactsChannel);
    scheduler =
        SchedulerServiceGrpc.newBlockingStub(
            GrpcChannels.connect(new HostPort("127.0.0.1", schedulerPort), telemetry));
    cql =
        CassandraConnector.connect(
            CassandraConnector.Settings.from(config("erasure-it", Map.of()), "queue"),
            prefix + "_queue");
    running.add(cql);
  }

  @AfterAll
  static void stopAll() {
    for (int i = running.size() - 1; i >= 0; i--) {
      try {
        running.get(i).close();
      } catch (Exception e) {
        System.err.println("closing " + running.get(i) + ": " + e);
      }
    }
    if (cql != null) {
      try (CqlSession admin =
          CassandraConnector.connect(
              CassandraConnector.Settings.from(config("erasure-it", Map.of()), "queue"), null)) {
        for (String service : List.of("contacts", "scheduler", "analytics", "queue", "dispatch")) {
          admin.execute("DROP KEYSPACE IF EXISTS " + prefix + "_" + service);
        }
      } catch (RuntimeException e) {
        System.err.println("could not drop the test keyspaces: " + e.getMessage());
      }
    }
  }

  @Test
  void anErasedNumberReceivesNothingOfWhatWasQueuedForIt() throws Exception {
    importRecipients();
    scheduler.upsertRoute(
        Route.newBuilder().setName(ROUTE).addPrefixes("+33").setShards(2).build());
    scheduler.upsertCampaign(campaign());
    CampaignStatus queued =
        awaitStatus(s -> s.getExpansionComplete() && s.getQueued() == RECIPIENTS.size());
    assertThat(queued.getQueued()).isEqualTo(RECIPIENTS.size());
    assertThat(queueRowsFor(ERASED)).isEqualTo(1);
    // Before the erasure, the number's export (Art. 15) holds its queued message, text included,
    // and nobody else's.
    ContactExport before = export(ERASED);
    assertThat(before.getQueueSearched()).isTrue();
    assertThat(before.getQueuedMessagesList())
        .singleElement()
        .satisfies(m -> {
          assertThat(m.getBody()).isEqualTo("Bonjour Léa, votre commande est prête.");
          assertThat(m.getUnsent()).as("dispatch has not started").isTrue();
          assertThat(m.getRoute()).isEqualTo(ROUTE);
          assertThat(m.getCampaignId()).contains(CAMPAIGN);
        });
    assertThat(before.getJson()).contains("Bonjour Léa, votre commande est prête.");
    assertThat(export(RECIPIENTS.get(0)).getQueuedMessagesList())
        .singleElement()
        .satisfies(m ->
            assertThat(m.getMessageId()).isNotEqualTo(before.getQueuedMessages(0).getMessageId()));

    EraseContactResponse erased =
        contacts.eraseContact(EraseContactRequest.newBuilder().setPhone("06 25 20 00 03").build());

    assertThat(erased.getFound()).isTrue();
    assertThat(erased.getQueueSearched()).isTrue();
    assertThat(erased.getQueuedMessagesErased()).isEqualTo(1);
    assertThat(erased.getQueuedMessagesUnsent()).isEqualTo(1);
    // The queue keeps the row (dispatch must still resolve it) but nothing of the person.
    assertThat(queueRowsFor(ERASED)).isZero();
    assertThat(scrubbedRows()).isEqualTo(1);
    // Retrying the erasure is harmless and finds nothing left.
    EraseContactResponse again =
        contacts.eraseContact(EraseContactRequest.newBuilder().setPhone(ERASED).build());
    assertThat(again.getFound()).isFalse();
    assertThat(again.getQueuedMessagesErased()).isZero();
    // After it, nothing is held about the number any more, in contacts or in the queue.
    assertThatThrownBy(() -> export(ERASED))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

    running.add(startDispatch());
    await(
        "the four other recipients received their message",
        Duration.ofSeconds(60),
        () -> smsc.receivedCount() >= RECIPIENTS.size() - 1);
    CampaignStatus done =
        awaitStatus(s ->
            s.getDelivery().getSubmitted() == RECIPIENTS.size() - 1
                && s.getDelivery().getExpired() == 1);

    assertThat(textsReceivedBy(ERASED)).isEmpty();
    for (String phone : RECIPIENTS) {
      if (!phone.equals(ERASED)) {
        assertThat(textsReceivedBy(phone))
            .as("message received by %s", phone)
            .containsExactly("Bonjour Léa, votre commande est prête.");
      }
    }
    assertThat(smsc.receivedCount()).isEqualTo(RECIPIENTS.size() - 1);
    // The message left unsent is counted (with the opt-outs, as expired before submission).
    assertThat(done.getDelivery().getExpired()).isEqualTo(1);
    assertThat(queueRowsFor(ERASED)).isZero();
  }

  private static ContactExport export(String phone) {
    return contacts.exportContact(ExportContactRequest.newBuilder().setPhone(phone).build());
  }

  private static void importRecipients() {
    List<ContactRecord> records = new ArrayList<>();
    for (String phone : RECIPIENTS) {
      records.add(ContactRecord.newBuilder().setPhone(phone).setFirstName("Léa").build());
    }
    new ContactsImporter(ContactsServiceGrpc.newStub(contactsChannel), Duration.ofMinutes(1))
        .importRecords(records, ImportOptions.newBuilder().setList("orders").build());
  }

  private static Campaign campaign() {
    Instant now = Instant.now();
    return Campaign.newBuilder()
        .setId(CAMPAIGN)
        .setGeneration(1)
        .setType(CampaignType.CAMPAIGN_TYPE_TRANSACTIONAL)
        .setSender(Sender.newBuilder().setValue("BOUTIQUE"))
        .setAudienceList("orders")
        .setTemplate("Bonjour {{firstName|client}}, votre commande est prête.")
        .setPolicy("transactional")
        .setDefaultRegion("FR")
        .setDeadline(Timestamp.newBuilder().setSeconds(now.plusSeconds(3600).getEpochSecond()))
        .build();
  }

  private static DispatchServer startDispatch() {
    Map<String, String> values = new HashMap<>();
    values.put("contacts.address", "127.0.0.1:" + contactsPort);
    values.put("analytics.address", "127.0.0.1:" + analyticsPort);
    values.put("dispatch.route", ROUTE);
    values.put("dispatch.owner", "erasure-it-0");
    values.put("smpp.host", "127.0.0.1");
    values.put("smpp.port", Integer.toString(smsc.port()));
    values.put("smpp.systemid", SYSTEM_ID);
    values.put("smpp.password", PASSWORD);
    values.put("smpp.sessions", "1");
    values.put("smpp.window", "32");
    values.put("smpp.enquirelink", "PT30S");
    values.put("dispatch.drain", "PT5S");
    return DispatchServer.start(config("dispatch", values));
  }

  /** What the SMSC received for a number, written with or without its '+'. */
  private static List<String> textsReceivedBy(String phone) {
    List<String> texts = new ArrayList<>(smsc.reassembledTextsFor(phone));
    texts.addAll(smsc.reassembledTextsFor(phone.substring(1)));
    return texts;
  }

  /** Queue rows that still name {@code phone}, with or without its '+'. */
  private static long queueRowsFor(String phone) {
    long rows = 0;
    for (Row row : cql.execute("SELECT destination FROM messages")) {
      String destination = row.getString("destination");
      if (destination != null && destination.replace("+", "").equals(phone.replace("+", ""))) {
        rows++;
      }
    }
    return rows;
  }

  /** Queue rows left without destination or text. */
  private static long scrubbedRows() {
    long rows = 0;
    for (Row row : cql.execute("SELECT destination, body FROM messages")) {
      if (row.getString("destination").isEmpty() && row.getString("body").isEmpty()) {
        rows++;
      }
    }
    return rows;
  }

  private static CampaignStatus awaitStatus(java.util.function.Predicate<CampaignStatus> done)
      throws InterruptedException {
    CampaignStatus[] last = new CampaignStatus[1];
    await(
        "campaign status",
        Duration.ofSeconds(60),
        () -> {
          last[0] = scheduler.getCampaign(GetCampaignRequest.newBuilder().setId(CAMPAIGN).build());
          return done.test(last[0]);
        });
    return last[0];
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      Thread.sleep(200);
    }
  }

  private static ServiceConfig config(String service, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>(shared);
    values.putAll(overrides);
    return ServiceConfig.of(service, values);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
