package dev.relais.contacts;

import static dev.relais.common.time.ProtoTime.instant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.google.protobuf.Timestamp;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.time.ProtoTime;
import dev.relais.contacts.client.ContactsImporter;
import dev.relais.contacts.store.ComplianceLog;
import dev.relais.contacts.store.OptOutLog;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.contacts.v1.AudienceFilter;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.InboundAction;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.InboundResult;
import dev.relais.proto.contacts.v1.ListAudienceRequest;
import dev.relais.proto.contacts.v1.ListAudienceResponse;
import dev.relais.proto.contacts.v1.ListOptOutsRequest;
import dev.relais.proto.contacts.v1.ListOptOutsResponse;
import dev.relais.proto.contacts.v1.OptOutEntry;
import dev.relais.proto.contacts.v1.OptOutRequest;
import dev.relais.proto.contacts.v1.OptOutSource;
import dev.relais.proto.contacts.v1.RowError;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contacts service over real gRPC (loopback) against a real Cassandra. */
class ContactsIT {

  private static final String KEYSPACE =
      "it_contacts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private static ContactsServer server;
  private static Telemetry telemetry;
  private static CqlSession session;
  private static ContactsServiceGrpc.ContactsServiceBlockingStub contacts;
  private static ContactsImporter importer;

  @TempDir static Path files;

  @BeforeAll
  static void start() {
    ServiceConfig config =
        ServiceConfig.of(
            "contacts",
            Map.of(
                "cassandra.hosts",
                SharedCassandra.contactPoint(),
                "cassandra.datacenter",
                SharedCassandra.localDatacenter(),
                "cassandra.keyspace",
                KEYSPACE,
                "server.port",
                "0",
                "phone.region",
                "FR",
                "privacy.key",
                "it-privacy-key"));
    server = ContactsServer.start(config);
    session =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "contacts"), KEYSPACE);
    telemetry = Telemetry.create("contacts-it", null, 1.0);
    Channel channel = GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), telemetry);
    contacts = ContactsServiceGrpc.newBlockingStub(channel);
    importer = new ContactsImporter(channel, Duration.ofMinutes(2));
  }

  @AfterAll
  static void stop() {
    if (session != null) {
      try {
        // Best effort: a busy shared node may take long to drop; a leftover keyspace is harmless.
        session.execute(
            SimpleStatement.newInstance("DROP KEYSPACE IF EXISTS " + KEYSPACE)
                .setTimeout(Duration.ofSeconds(60)));
      } catch (RuntimeException e) {
        System.err.println("could not drop test keyspace " + KEYSPACE + ": " + e.getMessage());
      }
      session.close();
    }
    if (server != null) {
      server.close();
    }
    if (telemetry != null) {
      telemetry.close();
    }
  }

  @Test
  void importsAFrenchExcelExportRowByRow() throws IOException {
    // A number already stored before the file arrives: the file updates it.
    ImportReport earlier =
        importer.importRecords(
            List.of(
                ContactRecord.newBuilder()
                    .setPhone("+33612345606")
                    .setFirstName("Maxime")
                    .setCity("Brest")
                    .build()),
            ImportOptions.newBuilder().setList("older-list").build());
    assertThat(earlier.getImported()).isEqualTo(1);

    Path csv =
        write(
            "french.csv",
            "\uFEFFTéléphone;Prénom;Nom;Ville;Code postal;Étiquettes;Consentement;Date"
                + " consentement;STOP;Fidélité\r\n"
                + "06 12 34 56 01;Zoé;Martin;Nîmes;30000;VIP|sud;oui;01/03/2024;non;gold\r\n"
                + "+33 6 12 34 56 02;Jean;Durand;Paris;75001;vip;non;;non;\r\n"
                + "0033612345603;Ana;\"Lopez; y Diaz\";Lyon;69001;;1;2024-03-01T10:00:00Z;;silver\r\n"
                + "+33612345604;Éloi;Petit;Lille;59000;;;;oui;\r\n"
                + "01 23 45 67 89;Fixe;Ligne;Paris;;;oui;;;\r\n"
                + "06 12;Trop;Court;;;;;;;\r\n"
                + ";Sans;Numéro;;;;;;;\r\n"
                + "06 12 34 56 05;Paul;Roy;Nantes;44000;;peut-être;;;\r\n"
                + "06.12.34.56.01;Zoé;Martin-Dupont;;;promo;;;;\r\n"
                + "06 12 34 56 06;Max;;;;;;;;\r\n");

    ImportReport report =
        importer.importCsv(
            csv,
            ImportOptions.newBuilder()
                .setDefaultRegion("FR")
                .setList("clients-2024")
                .setConsentSource("web-form")
                .setConsentWording("J'accepte de recevoir les offres par SMS.")
                .build());

    assertThat(report.getRows()).isEqualTo(10);
    assertThat(report.getImported()).isEqualTo(4);
    assertThat(report.getUpdated()).isEqualTo(2);
    assertThat(report.getRejected()).isEqualTo(4);
    assertThat(report.getRejectedByReasonMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "not-mobile",
                1L,
                "invalid-number",
                1L,
                "missing-phone",
                1L,
                "invalid-consent",
                1L));
    assertThat(report.getErrorsList())
        .extracting(RowError::getLine, RowError::getReason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(6L, "not-mobile"),
            org.assertj.core.groups.Tuple.tuple(7L, "invalid-number"),
            org.assertj.core.groups.Tuple.tuple(8L, "missing-phone"),
            org.assertj.core.groups.Tuple.tuple(9L, "invalid-consent"));
    assertThat(report.getErrorsTruncated()).isFalse();

    Contact zoe = get("06 12 34 56 01");
    assertThat(zoe.getPhone()).isEqualTo("+33612345601");
    assertThat(zoe.getFirstName()).isEqualTo("Zoé");
    assertThat(zoe.getLastName()).isEqualTo("Martin-Dupont"); // the later row wins
    assertThat(zoe.getCity()).isEqualTo("Nîmes"); // an empty cell does not erase
    assertThat(zoe.getPostalCode()).isEqualTo("30000");
    assertThat(zoe.getTagsList()).containsExactly("promo", "sud", "vip");
    assertThat(zoe.getAttributesMap()).containsExactly(Map.entry("Fidélité", "gold"));
    assertThat(zoe.getListsList()).containsExactly("clients-2024");
    assertThat(zoe.getMarketingConsent()).isTrue();
    assertThat(instant(zoe.getConsentAt())).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(zoe.getOptedOut()).isFalse();
    assertThat(zoe.getRegion()).isEqualTo("FR");

    assertThat(get("+33612345602").getMarketingConsent()).isFalse();
    Contact ana = get("+33612345603");
    assertThat(ana.getLastName()).isEqualTo("Lopez; y Diaz");
    assertThat(instant(ana.getConsentAt())).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
    Contact eloi = get("+33612345604");
    assertThat(eloi.getOptedOut()).isTrue();
    assertThat(eloi.hasOptedOutAt()).isTrue();

    Contact max = get("+33612345606");
    assertThat(max.getFirstName()).isEqualTo("Max");
    assertThat(max.getCity()).isEqualTo("Brest");
    assertThat(max.getListsList()).containsExactly("clients-2024", "older-list");

    for (String rejected : List.of("+33123456789", "+33612345605")) {
      assertThatThrownBy(() -> get(rejected))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    // GDPR evidence: who consented, when, through which form, and the wording they saw.
    ComplianceLog log = new ComplianceLog(session);
    List<ComplianceLog.ConsentEvent> history = log.consentHistory("+33612345601");
    assertThat(history).hasSize(1);
    ComplianceLog.ConsentEvent consent = history.get(0);
    assertThat(consent.granted()).isTrue();
    assertThat(consent.purpose()).isEqualTo("marketing");
    assertThat(consent.source()).isEqualTo("web-form");
    assertThat(consent.at()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(
            session
                .execute(
                    "SELECT wording FROM consent_wordings WHERE wording_id = ?",
                    consent.wordingId())
                .one()
                .getString("wording"))
        .isEqualTo("J'accepte de recevoir les offres par SMS.");
    assertThat(log.consentHistory("+33612345602")).isEmpty();
    assertThat(
            session
                .execute(
                    "SELECT source FROM opt_outs WHERE bucket = ? AND phone = ?",
                    dev.relais.contacts.store.ContactBuckets.of("+33612345604"),
                    "+33612345604")
                .one()
                .getString("source"))
        .isEqualTo("IMPORT");
  }

  @Test
  void binaryFileIsRefusedWholeAndNothingIsStored() throws IOException {
    // Several chunks of a zip-like file: the client is still sending when the service refuses.
    byte[] zip = new byte[600 * 1024];
    new Random(7).nextBytes(zip);
    byte[] header = "PK\u0003\u0004".getBytes(StandardCharsets.ISO_8859_1);
    System.arraycopy(header, 0, zip, 0, header.length);
    byte[] text = "\n0612349901;Ann\n".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, zip, 100, text.length);
    Path file = files.resolve("contacts.xlsx");
    Files.write(file, zip);

    assertThatThrownBy(
            () -> importer.importCsv(file, ImportOptions.newBuilder().setList("refused").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThat(audience("refused", List.of(), 100)).isEmpty();
  }

  @Test
  void fileWithoutPhoneColumnIsRefusedWholeAndNothingIsStored() throws IOException {
    Path csv = write("no-phone.csv", "name;email;city\n0612349902;ann@example.org;Paris\n");

    assertThatThrownBy(
            () -> importer.importCsv(csv, ImportOptions.newBuilder().setList("refused-2").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(() -> get("0612349902")).isInstanceOf(StatusRuntimeException.class);
    assertThat(audience("refused-2", List.of(), 100)).isEmpty();
  }

  @Test
  void audiencePagesReturnEveryMatchingContactExactlyOnce() throws IOException {
    StringBuilder csv = new StringBuilder("phone,tags,consent,stop\n");
    Set<String> all = new HashSet<>();
    Set<String> tagged = new HashSet<>();
    Set<String> optedOut = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      String phone = String.format("+3361100%04d", i);
      boolean b = i % 3 == 0;
      boolean stop = i % 10 == 0;
      csv.append(phone)
          .append(",\"a")
          .append(b ? ",b" : "")
          .append("\",")
          .append(i % 2 == 0 ? "yes" : "no")
          .append(",")
          .append(stop ? "yes" : "")
          .append('\n');
      all.add(phone);
      if (b) {
        tagged.add(phone);
      }
      if (stop) {
        optedOut.add(phone);
      }
    }
    // Same numbers in no list, and other numbers in another list: both outside the audience.
    importer.importCsv(
        write("other.csv", "phone\n+33611999001\n+33611999002\n"),
        ImportOptions.newBuilder().setList("other").build());
    ImportReport report =
        importer.importCsv(
            write("audience.csv", csv.toString()),
            ImportOptions.newBuilder().setList("paging").build());
    assertThat(report.getImported()).isEqualTo(300);

    List<Contact> everyone = audience("paging", List.of(), 7);
    assertThat(everyone).hasSize(300);
    assertThat(everyone).extracting(Contact::getPhone).doesNotHaveDuplicates();
    assertThat(everyone).extracting(Contact::getPhone).containsExactlyInAnyOrderElementsOf(all);

    List<Contact> withB = audience("paging", List.of("a", "B"), 4);
    assertThat(withB).extracting(Contact::getPhone).containsExactlyInAnyOrderElementsOf(tagged);

    // The audience carries the compliance state; applying it is the scheduler's job.
    assertThat(everyone.stream().filter(Contact::getOptedOut).map(Contact::getPhone))
        .containsExactlyInAnyOrderElementsOf(optedOut);
    assertThat(everyone.stream().filter(Contact::getMarketingConsent)).hasSize(150);
  }

  @Test
  void audiencePageTokensAreCheckedAndPageSizesBounded() {
    ListAudienceResponse first =
        contacts.listAudience(
            ListAudienceRequest.newBuilder()
                .setFilter(AudienceFilter.newBuilder().setList("clients-2024"))
                .setPageSize(1)
                .build());
    assertThat(first.getContactsCount()).isLessThanOrEqualTo(1);

    assertThatThrownBy(() ->
            contacts.listAudience(
                ListAudienceRequest.newBuilder().setPageToken("garbage!").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    if (!first.getNextPageToken().isEmpty()) {
      assertThatThrownBy(() ->
              contacts.listAudience(
                  ListAudienceRequest.newBuilder()
                      .setFilter(AudienceFilter.newBuilder().setList("another-list"))
                      .setPageToken(first.getNextPageToken())
                      .build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    }
    assertThatThrownBy(
            () -> contacts.listAudience(ListAudienceRequest.newBuilder().setPageSize(-1).build()))
        .isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void stopKeywordReplyOptsTheSenderOut() throws IOException {
    importer.importCsv(
        write("mo.csv", "phone,consent\n+33612347001,yes\n"),
        ImportOptions.newBuilder().setList("mo").build());

    InboundResult chat =
        contacts.processInbound(
            InboundMessage.newBuilder().setFrom("33612347001").setText("Je veux arrêter").build());
    assertThat(chat.getAction()).isEqualTo(InboundAction.INBOUND_ACTION_NONE);
    assertThat(get("+33612347001").getOptedOut()).isFalse();

    InboundResult stop =
        contacts.processInbound(
            InboundMessage.newBuilder()
                .setFrom("33612347001")
                .setTo("36180")
                .setText("  arrêt ")
                .setRoute("orange")
                .build());

    assertThat(stop.getAction()).isEqualTo(InboundAction.INBOUND_ACTION_OPTED_OUT);
    assertThat(stop.getPhone()).isEqualTo("+33612347001");
    Contact contact = get("06 12 34 70 01");
    assertThat(contact.getOptedOut()).isTrue();
    assertThat(contact.getMarketingConsent()).isTrue(); // history kept; suppression wins
    assertThat(
            session
                .execute(
                    "SELECT source FROM opt_outs WHERE bucket = ? AND phone = ?",
                    dev.relais.contacts.store.ContactBuckets.of("+33612347001"),
                    "+33612347001")
                .one()
                .getString("source"))
        .isEqualTo("KEYWORD");
  }

  @Test
  void stopFromAnUnknownNumberStillSuppressesIt() {
    InboundResult stop =
        contacts.processInbound(
            InboundMessage.newBuilder().setFrom("+33612347002").setText("STOP").build());
    assertThat(stop.getAction()).isEqualTo(InboundAction.INBOUND_ACTION_OPTED_OUT);
    Contact contact = get("+33612347002");
    assertThat(contact.getOptedOut()).isTrue();
    assertThat(contact.getListsList()).isEmpty();
  }

  @Test
  void optOutIsIdempotent() {
    OptOutRequest request =
        OptOutRequest.newBuilder()
            .setPhone("06 12 34 80 01")
            .setSource(OptOutSource.OPT_OUT_SOURCE_API)
            .build();

    assertThat(contacts.optOut(request).getAlreadyOptedOut()).isFalse();
    Timestamp first = get("+33612348001").getOptedOutAt();
    assertThat(contacts.optOut(request).getAlreadyOptedOut()).isTrue();
    assertThat(
            contacts
                .optOut(request.toBuilder().setPhone("+33612348001").build())
                .getAlreadyOptedOut())
        .isTrue();

    assertThat(get("+33612348001").getOptedOutAt()).isEqualTo(first);
    assertThat(
            session
                .execute(
                    "SELECT count(*) FROM opt_outs WHERE bucket = ? AND phone = ?",
                    dev.relais.contacts.store.ContactBuckets.of("+33612348001"),
                    "+33612348001")
                .one()
                .getLong(0))
        .isEqualTo(1);
  }

  @Test
  void getContactValidatesTheNumber() {
    assertThatThrownBy(() -> get("not a number"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(() -> get("+33612349999"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void recordImportValidatesLikeTheCsvImport() {
    ImportReport report =
        importer.importRecords(
            List.of(
                ContactRecord.newBuilder().setPhone("0612349101").addTags("API").build(),
                ContactRecord.newBuilder().setPhone("0470 12 34 56").setRegion("BE").build(),
                ContactRecord.newBuilder().setPhone("01 23 45 67 00").build()),
            ImportOptions.newBuilder().setList("api").build());

    assertThat(report.getRows()).isEqualTo(3);
    assertThat(report.getImported()).isEqualTo(2);
    assertThat(report.getRejectedByReasonMap()).containsExactly(Map.entry("not-mobile", 1L));
    assertThat(report.getErrors(0).getLine()).isEqualTo(3);
    assertThat(get("+32470123456").getRegion()).isEqualTo("BE");
    assertThat(get("+33612349101").getTagsList()).containsExactly("api");
  }

  @Test
  void theOptOutLogListsEveryOptOutInTheOrderRecordedAfterAPosition() {
    long start = contacts.listOptOuts(ListOptOutsRequest.newBuilder().build()).getLogPosition();
    List<String> numbers = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      String number = "+3361234770" + i;
      contacts.optOut(OptOutRequest.newBuilder().setPhone(number).build());
      numbers.add(number);
    }
    contacts.processInbound(
        InboundMessage.newBuilder().setFrom("+33612347704").setTo("36180").setText("STOP").build());
    numbers.add("+33612347704");
    importer.importRecords(
        List.of(
            ContactRecord.newBuilder().setPhone("06 12 34 77 05").setOptedOut(true).build(),
            ContactRecord.newBuilder().setPhone("06 12 34 77 06").setOptedOut(true).build()),
        ImportOptions.newBuilder().setList("log").build());
    numbers.add("+33612347705");
    numbers.add("+33612347706");
    // Already opted out: nothing is appended.
    contacts.optOut(OptOutRequest.newBuilder().setPhone("+33612347701").build());

    List<String> read = new ArrayList<>();
    long position = start;
    ListOptOutsResponse page;
    int pages = 0;
    do {
      page =
          contacts.listOptOuts(
              ListOptOutsRequest.newBuilder().setAfterPosition(position).setPageSize(2).build());
      page.getEntriesList().forEach(e -> read.add(e.getPhone()));
      assertThat(page.getLogPosition()).isGreaterThanOrEqualTo(position);
      position = page.getLogPosition();
      pages++;
    } while (!page.getNextPageToken().isEmpty());

    List<String> mine = read.stream().filter(p -> p.startsWith("+336123477")).toList();
    assertThat(mine).hasSize(numbers.size());
    assertThat(mine.subList(0, 4)).containsExactlyElementsOf(numbers.subList(0, 4));
    // One import's rows: after the calls before it, in the order of its write groups.
    assertThat(mine.subList(4, 6)).containsExactlyInAnyOrderElementsOf(numbers.subList(4, 6));
    assertThat(pages).isGreaterThan(1);
    // Nothing more after the last position.
    assertThat(
            contacts
                .listOptOuts(ListOptOutsRequest.newBuilder().setAfterPosition(position).build())
                .getEntriesList())
        .isEmpty();
    assertThatThrownBy(() ->
            contacts.listOptOuts(ListOptOutsRequest.newBuilder().setAfterPosition(-1).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void twoReplicasAppendingAtOnceGetGapFreePositions() throws Exception {
    // Two replicas of contacts, each with its own view of the log's head.
    OptOutLog first = new OptOutLog(session);
    OptOutLog second = new OptOutLog(session);
    long start = first.position();
    List<java.util.concurrent.CompletableFuture<Long>> appends = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      appends.add(
          first
              .append(List.of("+336123478" + String.format("%02d", i)), Instant.now())
              .toCompletableFuture());
      appends.add(
          second
              .append(List.of("+336123479" + String.format("%02d", i)), Instant.now())
              .toCompletableFuture());
    }
    Set<Long> positions = new HashSet<>();
    for (var append : appends) {
      positions.add(append.get(60, java.util.concurrent.TimeUnit.SECONDS));
    }
    assertThat(positions).hasSize(40).allSatisfy(p -> assertThat(p).isGreaterThan(start));

    List<OptOutLog.Entry> entries = first.readAfter(start, 1_000);
    assertThat(entries)
        .extracting(OptOutLog.Entry::position)
        .as("gap-free and in order")
        .isEqualTo(LongStream.rangeClosed(start + 1, start + entries.size()).boxed().toList());
    assertThat(entries.stream().map(OptOutLog.Entry::position).toList()).containsAll(positions);
  }

  @Test
  void listOptOutsPagesThroughEveryOptOutSinceATimeOldestFirst() {
    Instant since = Instant.now().minusMillis(1);
    List<String> numbers = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      String number = "+3361234880" + i;
      contacts.optOut(OptOutRequest.newBuilder().setPhone(number).build());
      numbers.add(number);
    }
    contacts.processInbound(
        InboundMessage.newBuilder().setFrom("+33612348806").setTo("36180").setText("Stop").build());
    numbers.add("+33612348806");
    importer.importRecords(
        List.of(ContactRecord.newBuilder().setPhone("06 12 34 88 07").setOptedOut(true).build()),
        ImportOptions.newBuilder().setList("feed").build());
    numbers.add("+33612348807");
    // A repeated opt-out changes nothing and adds nothing to the feed.
    contacts.optOut(OptOutRequest.newBuilder().setPhone("+33612348801").build());

    List<OptOutEntry> all = optOutsSince(since, 2);
    List<OptOutEntry> mine =
        all.stream().filter(e -> e.getPhone().startsWith("+336123488")).toList();
    assertThat(mine).extracting(OptOutEntry::getPhone).containsExactlyElementsOf(numbers);
    assertThat(mine)
        .extracting(e -> instant(e.getAt()))
        .isSorted()
        .allSatisfy(at -> assertThat(at).isAfterOrEqualTo(since));

    // From the fourth one's time on: it and the later ones, nothing recorded before it.
    Instant fourth = instant(mine.get(3).getAt());
    List<OptOutEntry> later = optOutsSince(fourth, 500);
    assertThat(later)
        .extracting(OptOutEntry::getPhone)
        .containsAll(numbers.subList(3, numbers.size()));
    assertThat(later).allSatisfy(e -> assertThat(instant(e.getAt())).isAfterOrEqualTo(fourth));

    assertThatThrownBy(() ->
            contacts.listOptOuts(ListOptOutsRequest.newBuilder().setPageToken("nonsense").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  /** Every page of ListOptOuts from {@code since}, checking that pages are as big as asked. */
  private static List<OptOutEntry> optOutsSince(Instant since, int pageSize) {
    List<OptOutEntry> entries = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListOptOutsResponse page =
          contacts.listOptOuts(
              ListOptOutsRequest.newBuilder()
                  .setSince(ProtoTime.timestamp(since))
                  .setPageSize(pageSize)
                  .setPageToken(token)
                  .build());
      assertThat(page.getEntriesCount()).isLessThanOrEqualTo(pageSize);
      assertThat(page.hasReadAt()).isTrue();
      entries.addAll(page.getEntriesList());
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty());
    assertThat(pages).isGreaterThanOrEqualTo(entries.size() / pageSize);
    return entries;
  }

  private static Contact get(String phone) {
    return contacts.getContact(GetContactRequest.newBuilder().setPhone(phone).build());
  }

  private static List<Contact> audience(String list, List<String> tags, int pageSize) {
    List<Contact> found = new ArrayList<>();
    Map<String, Integer> pages = new HashMap<>();
    String token = "";
    do {
      ListAudienceResponse page =
          contacts.listAudience(
              ListAudienceRequest.newBuilder()
                  .setFilter(AudienceFilter.newBuilder().setList(list).addAllTags(tags))
                  .setPageSize(pageSize)
                  .setPageToken(token)
                  .build());
      assertThat(page.getContactsCount()).isLessThanOrEqualTo(pageSize);
      found.addAll(page.getContactsList());
      token = page.getNextPageToken();
      assertThat(pages.merge(token, 1, Integer::sum)).as("token repeated").isEqualTo(1);
    } while (!token.isEmpty());
    return found;
  }

  private static Path write(String name, String content) throws IOException {
    Path file = files.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}
