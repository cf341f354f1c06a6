package dev.relais.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.datastax.oss.driver.api.core.CqlSession;
import com.google.protobuf.Timestamp;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.tls.TestPki;
import dev.relais.contacts.ContactsServer;
import dev.relais.contacts.client.ContactsImporter;
import dev.relais.dispatch.inbound.ContactsInboundGateway;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.EraseContactRequest;
import dev.relais.proto.contacts.v1.EraseContactResponse;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.InboundAction;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.proto.scheduler.v1.QueueErasureServiceGrpc;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.SchedulerServiceGrpc;
import dev.relais.proto.scheduler.v1.Sender;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's calls with mutual TLS on everywhere, over loopback on the shared Cassandra: the
 * scheduler expands a campaign through contacts, dispatch records a STOP reply in contacts, an
 * erasure reaches the scheduler's queue from contacts, each presenting its own certificate; a
 * caller without a certificate or outside the table is refused and changes nothing.
 */
class MutualTlsChainIT {

  private static final String ROUTE = "fr-tls";
  private static final String LIST = "tls-newsletter";
  private static final List<String> PHONES =
      List.of("+33626000001", "+33626000002", "+33626000003");
  private static final Instant TUESDAY_10H =
      LocalDateTime.parse("2026-11-17T10:00").atZone(ZoneId.of("Europe/Paris")).toInstant();

  @TempDir static Path secrets;

  private static TestPki platform;
  private static Telemetry telemetry;
  private static ContactsServer contacts;
  private static ServiceServer analytics;
  private static SchedulerServer scheduler;
  private static HostPort contactsAddress;
  private static HostPort schedulerAddress;
  private static CqlSession cql;
  private static List<String> keyspaces;

  @BeforeAll
  static void start() throws Exception {
    platform = TestPki.newCa("relais-platform-ca");
    telemetry = Telemetry.create("tls-chain-it", null, 1.0);
    String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    keyspaces =
        List.of("it_tls_contacts_" + suffix, "it_tls_sched_" + suffix, "it_tls_q_" + suffix);
    int schedulerPort;
    try (ServerSocket free = new ServerSocket(0)) {
      schedulerPort = free.getLocalPort();
    }
    schedulerAddress = new HostPort("127.0.0.1", schedulerPort);

    Map<String, String> contactsSettings = settings("relais-contacts", keyspaces.get(0));
    contactsSettings.put("phone.region", "FR");
    contactsSettings.put("privacy.key", "it-privacy-key");
    contactsSettings.put("scheduler.address", schedulerAddress.toString());
    contacts = ContactsServer.start(ServiceConfig.of("contacts", contactsSettings));
    contactsAddress = new HostPort("127.0.0.1", contacts.port());

    analytics =
        ServiceServer.builder(
                ServiceConfig.of("analytics", platform.issue(secrets, "relais-analytics")),
                telemetry)
            .grpc(new FakeAnalytics())
            .start();

    Map<String, String> schedulerSettings = settings("relais-scheduler", keyspaces.get(1));
    schedulerSettings.put("queue.keyspace", keyspaces.get(2));
    schedulerSettings.put("server.port", Integer.toString(schedulerPort));
    schedulerSettings.put("contacts.address", contactsAddress.toString());
    schedulerSettings.put("analytics.address", "127.0.0.1:" + analytics.port());
    schedulerSettings.put("scheduler.poll", "100");
    ServiceConfig schedulerConfig = ServiceConfig.of("scheduler", schedulerSettings);
    scheduler = SchedulerServer.start(schedulerConfig);
    cql =
        CassandraConnector.connect(
            CassandraConnector.Settings.from(schedulerConfig, "scheduler"), null);

    new ContactsImporter(as("relais-admin", contactsAddress), Duration.ofMinutes(1))
        .importRecords(
            PHONES.stream()
                .map(phone ->
                    ContactRecord.newBuilder()
                        .setPhone(phone)
                        .setFirstName("Léa")
                        .setMarketingConsent(true)
                        .setConsentAt(timestamp(TUESDAY_10H.minus(Duration.ofDays(30))))
                        .build())
                .toList(),
            ImportOptions.newBuilder()
                .setList(LIST)
                .setConsentSource("shop checkout")
                .setConsentWording("J'accepte de recevoir les offres par SMS")
                .build());
    SchedulerServiceGrpc.newBlockingStub(as("relais-operator", schedulerAddress))
        .upsertRoute(Route.newBuilder().setName(ROUTE).addPrefixes("+33").setShards(2).build());
  }

  @AfterAll
  static void stop() {
    if (scheduler != null) {
      scheduler.close();
    }
    if (contacts != null) {
      contacts.close();
    }
    if (analytics != null) {
      analytics.close();
    }
    if (cql != null) {
      keyspaces.forEach(ks -> SharedCassandra.dropQuietly(cql, ks));
      cql.close();
    }
    telemetry.close();
  }

  @Test
  void aStopRecordedByDispatchSuppressesTheContactFromTheNextExpansionAndErasureReachesTheQueue()
      throws Exception {
    CampaignStatus first = expand("shop/tls-first");
    assertThat(first.getQueued()).as(first.toString()).isEqualTo(3);

    ContactsInboundGateway dispatch =
        new ContactsInboundGateway(as("relais-dispatch", contactsAddress), Duration.ofSeconds(30));
    assertThat(dispatch.process(stop(PHONES.get(0))).getAction())
        .isEqualTo(InboundAction.INBOUND_ACTION_OPTED_OUT);

    CampaignStatus second = expand("shop/tls-second");
    assertThat(second.getQueued()).as(second.toString()).isEqualTo(2);
    assertThat(second.getSuppressedMap()).containsEntry("opted-out", 1L);

    EraseContactResponse erased =
        ContactsServiceGrpc.newBlockingStub(as("relais-admin", contactsAddress))
            .withDeadlineAfter(60, TimeUnit.SECONDS)
            .eraseContact(EraseContactRequest.newBuilder().setPhone(PHONES.get(1)).build());
    assertThat(erased.getQueueSearched()).isTrue();
    assertThat(erased.getQueuedMessagesErased()).isEqualTo(2);
  }

  @Test
  void aDispatcherWithoutACertificateIsRefusedAndRecordsNothing() throws Exception {
    Channel plain = GrpcChannels.connect(contactsAddress, telemetry);
    ContactsInboundGateway dispatch = new ContactsInboundGateway(plain, Duration.ofSeconds(30));

    StatusRuntimeException refused =
        catchThrowableOfType(
            StatusRuntimeException.class, () -> dispatch.process(stop(PHONES.get(2))));

    assertThat(refused).isNotNull();
    // Contacts answers with TLS, which a plain-text transport cannot read: the call fails there.
    assertThat(refused.getStatus().getCode()).isIn(Status.Code.UNAVAILABLE, Status.Code.INTERNAL);
    assertThat(
            ContactsServiceGrpc.newBlockingStub(as("relais-admin", contactsAddress))
                .withDeadlineAfter(30, TimeUnit.SECONDS)
                .getContact(GetContactRequest.newBuilder().setPhone(PHONES.get(2)).build())
                .getOptedOut())
        .isFalse();
  }

  @Test
  void onlyContactsMayEraseTheQueue() throws Exception {
    StatusRuntimeException refused =
        catchThrowableOfType(
            StatusRuntimeException.class,
            () ->
                QueueErasureServiceGrpc.newBlockingStub(as("relais-dispatch", schedulerAddress))
                    .withDeadlineAfter(30, TimeUnit.SECONDS)
                    .eraseQueuedMessages(
                        EraseQueuedMessagesRequest.newBuilder().addPhones(PHONES.get(2)).build()));

    assertThat(refused).isNotNull();
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(refused.getStatus().getDescription())
        .isEqualTo(
            "caller relais-dispatch may not call"
                + " relais.scheduler.v1.QueueErasureService/EraseQueuedMessages");
  }

  /**
   * Declares a marketing campaign to the list as the operator does, and waits for its expansion.
   */
  private static CampaignStatus expand(String id) throws Exception {
    var stub = SchedulerServiceGrpc.newBlockingStub(as("relais-operator", schedulerAddress));
    stub.withDeadlineAfter(30, TimeUnit.SECONDS)
        .upsertCampaign(
            Campaign.newBuilder()
                .setId(id)
                .setGeneration(1)
                .setType(CampaignType.CAMPAIGN_TYPE_MARKETING)
                .setSender(Sender.newBuilder().setValue("BOUTIQUE").setStopMention("STOP 36111"))
                .setAudienceList(LIST)
                .setTemplate("Bonjour {{ firstName | client }}, -20% ce week-end")
                .setPolicy("fr-marketing")
                .setDefaultRegion("FR")
                .setStartAt(timestamp(TUESDAY_10H))
                .setDeadline(timestamp(Instant.now().plus(Duration.ofDays(7))))
                .setMaxRate(1000)
                .build());
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
    CampaignStatus status;
    do {
      Thread.sleep(100);
      status =
          stub.withDeadlineAfter(30, TimeUnit.SECONDS)
              .getCampaign(GetCampaignRequest.newBuilder().setId(id).build());
    } while (!status.getExpansionComplete() && Instant.now().isBefore(giveUp));
    assertThat(status.getExpansionComplete()).as(status.toString()).isTrue();
    return status;
  }

  /** A channel presenting the certificate of {@code identity}, as that component's would. */
  private static Channel as(String identity, HostPort address) throws Exception {
    Map<String, String> files = platform.issue(secrets, identity);
    return GrpcChannels.connect(address, telemetry, ServiceConfig.of(identity, files));
  }

  private static Map<String, String> settings(String identity, String keyspace) throws Exception {
    Map<String, String> settings = new HashMap<>(platform.issue(secrets, identity));
    settings.put("cassandra.hosts", SharedCassandra.contactPoint());
    settings.put("cassandra.datacenter", SharedCassandra.localDatacenter());
    settings.put("cassandra.keyspace", keyspace);
    settings.put("server.port", "0");
    return settings;
  }

  private static InboundMessage stop(String from) {
    return InboundMessage.newBuilder()
        .setFrom(from)
        .setTo("36111")
        .setText("STOP")
        .setRoute(ROUTE)
        .setReceivedAt(timestamp(Instant.now()))
        .build();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).build();
  }
}
