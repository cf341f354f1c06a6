package dev.relais.cli.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.relais.cli.CliRun;
import dev.relais.cli.ServiceUnderTest;
import dev.relais.cli.connect.ExitCodes;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.MarketingRecipient;
import dev.relais.proto.contacts.v1.RecordMarketingSendsRequest;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.EraseQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesRequest;
import dev.relais.proto.scheduler.v1.ExportQueuedMessagesResponse;
import dev.relais.proto.scheduler.v1.ExportedQueuedMessage;
import dev.relais.proto.scheduler.v1.QueueErasureServiceGrpc;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code contacts import / export / erase} run in process against a real contacts service on the
 * shared test Cassandra. The dispatch queue behind contacts is a stand-in scheduler on loopback
 * (the real queue search is the scheduler's and e2e-tests' ErasureIT's).
 */
class ContactsCommandsIT {

  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  /** The French Excel export: semicolons, Windows-1252, CRLF, numbers written with spaces. */
  private static final String EXCEL_CSV =
      "Nom;Prénom;Téléphone;Ville;Code postal;Consentement\r\n"
          + "Lefèvre;Zoé;06 12 34 56 78;Saint-Étienne;42000;oui\r\n"
          + "Béranger;Anaïs;07 98 76 54 32;Besançon;25000;non\r\n"
          + "Durand;Jérôme;01 44 55 66 77;Paris;75001;oui\r\n"
          + "Gauthier;Cécile;06 12;Nîmes;30000;oui\r\n";

  private static final String ZOE = "+33612345678";

  @TempDir static Path directory;

  private static StandInScheduler scheduler;
  private static Server schedulerServer;
  private static ServiceUnderTest contacts;

  /** The dispatch queue as the scheduler answers for it: one unsent message for Zoé. */
  static final class StandInScheduler extends QueueErasureServiceGrpc.QueueErasureServiceImplBase {
    final List<String> erasedPhones = new CopyOnWriteArrayList<>();
    final Set<String> erased = ConcurrentHashMap.newKeySet();

    @Override
    public void exportQueuedMessages(
        ExportQueuedMessagesRequest request,
        StreamObserver<ExportQueuedMessagesResponse> response) {
      ExportQueuedMessagesResponse.Builder answer =
          ExportQueuedMessagesResponse.newBuilder().setRoutes(1);
      if (request.getPhone().equals(ZOE) && !erased.contains(ZOE)) {
        answer.addMessages(
            ExportedQueuedMessage.newBuilder()
                .setRoute("orange")
                .setCampaignId("boulangerie/croissants")
                .setMessageId("5f0c1b9e-2b8e-11f1-8f0a-6c1d2e3f4a5b")
                .setDueAt(Timestamp.newBuilder().setSeconds(1_795_000_000))
                .setValidUntil(Timestamp.newBuilder().setSeconds(1_795_172_800))
                .setSender("BOULANGE")
                .setBody("Zoé, croissants -30% ce matin. STOP 36111")
                .setParts(1)
                .setUnsent(true));
      }
      response.onNext(answer.build());
      response.onCompleted();
    }

    @Override
    public void eraseQueuedMessages(
        EraseQueuedMessagesRequest request, StreamObserver<EraseQueuedMessagesResponse> response) {
      erasedPhones.addAll(request.getPhonesList());
      boolean held = request.getPhonesList().contains(ZOE) && erased.add(ZOE);
      response.onNext(
          EraseQueuedMessagesResponse.newBuilder()
              .setErased(held ? 1 : 0)
              .setUnsent(held ? 1 : 0)
              .setRoutes(1)
              .build());
      response.onCompleted();
    }
  }

  @BeforeAll
  static void start() throws IOException {
    scheduler = new StandInScheduler();
    schedulerServer =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
            .addService(scheduler)
            .build()
            .start();
    contacts =
        ServiceUnderTest.contacts(
            Map.of("scheduler.address", "127.0.0.1:" + schedulerServer.getPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (contacts != null) {
      contacts.close();
    }
    if (schedulerServer != null) {
      schedulerServer.shutdownNow().awaitTermination();
    }
  }

  @Test
  void importsAFrenchExcelExportAndExportsThenErasesANumber() throws IOException {
    Path file = directory.resolve("clients-excel.csv");
    Files.write(file, EXCEL_CSV.getBytes(WINDOWS_1252));

    CliRun imported =
        cli(
            "contacts",
            "import",
            file.toString(),
            "--list",
            "clients-fr",
            "--consent-source",
            "store");

    assertThat(imported.exitCode()).as(imported.toString()).isZero();
    assertThat(imported.out())
        .contains("Imported clients-excel.csv into list clients-fr (read as windows-1252)")
        .containsPattern("Columns:\n +1 +\"Nom\" +-> last_name\n")
        .containsPattern(" +3 +\"Téléphone\" +-> phone\n")
        .containsPattern(" +6 +\"Consentement\" +-> consent\n")
        .containsPattern(
            "Warnings:\n  charset-windows-1252: the file is not UTF-8 \\(first seen on line 1\\)")
        .containsPattern("rows read +4\n")
        .containsPattern("new +2\n")
        .containsPattern("updated +0\n")
        .containsPattern("refused +2\n")
        .contains("line 4: not-mobile (the number cannot receive SMS")
        .contains("line 5: invalid-number (not a valid phone number");
    assertThat(imported.err())
        .contains("sent 240 B of 240 B (100%), 5 lines", "waiting for the report");
    // The report speaks of lines and reasons, never of the numbers themselves.
    assertThat(imported.out() + imported.err()).doesNotContain("06 12", "+336", "01 44");

    Contact zoe =
        ContactsServiceGrpc.newBlockingStub(contacts.channel())
            .getContact(GetContactRequest.newBuilder().setPhone(ZOE).build());
    assertThat(zoe.getLastName()).isEqualTo("Lefèvre");
    assertThat(zoe.getFirstName()).isEqualTo("Zoé");
    assertThat(zoe.getCity()).isEqualTo("Saint-Étienne");
    assertThat(zoe.getPostalCode()).isEqualTo("42000");
    assertThat(zoe.getListsList()).containsExactly("clients-fr");
    assertThat(zoe.getMarketingConsent()).isTrue();
    ContactsServiceGrpc.newBlockingStub(contacts.channel())
        .recordMarketingSends(
            RecordMarketingSendsRequest.newBuilder()
                .setCampaignId("boulangerie/croissants")
                .addRecipients(
                    MarketingRecipient.newBuilder()
                        .setPhone(ZOE)
                        .setMessageId("5f0c1b9e-2b8e-11f1-8f0a-6c1d2e3f4a5b")
                        .setVariant("B"))
                .build());

    CliRun json = cli("contacts", "export", "06", "12", "34", "56", "78");
    assertThat(json.exitCode()).as(json.toString()).isZero();
    assertThat(json.out())
        .contains(
            "\"phone\": \"+33612345678\"", "\"firstName\": \"Zoé\"", "\"city\": \"Saint-Étienne\"")
        .contains("\"source\": \"store\"")
        .contains("\"body\": \"Zoé, croissants -30% ce matin. STOP 36111\"")
        .contains("\"queueSearched\": true");

    CliRun text = cli("contacts", "export", ZOE, "--format", "text");
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out())
        .contains("Number +33612345678")
        .containsPattern("last name +Lefèvre")
        .containsPattern("marketing consent +yes")
        .containsPattern(
            "Marketing campaigns sent \\(last 90 days\\)\n  \\S+Z  boulangerie/croissants"
                + "  message 5f0c1b9e-2b8e-11f1-8f0a-6c1d2e3f4a5b  variant B\n")
        .contains("not sent yet  campaign boulangerie/croissants  route orange  from BOULANGE")
        .contains("\"Zoé, croissants -30% ce matin. STOP 36111\"");

    CliRun refused = cli("contacts", "erase", ZOE);
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(scheduler.erasedPhones).isEmpty();

    CliRun erased = cli("contacts", "erase", ZOE, "--yes");
    assertThat(erased.exitCode()).as(erased.toString()).isZero();
    assertThat(erased.out())
        .contains("Erased from contacts everything held about +33612345678")
        .contains("Dispatch queue: 1 message(s) erased (destination and text), 1 of them not sent");
    assertThat(scheduler.erasedPhones).isNotEmpty().containsOnly(ZOE);

    CliRun gone = cli("contacts", "export", ZOE);
    assertThat(gone.exitCode()).as(gone.toString()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(gone.err()).contains("NOT_FOUND: nothing is held about this number");
    assertThat(
            ContactsServiceGrpc.newBlockingStub(contacts.channel())
                .getContact(GetContactRequest.newBuilder().setPhone("07 98 76 54 32").build())
                .getFirstName())
        .isEqualTo("Anaïs");
    assertThatThrownBy(() ->
            ContactsServiceGrpc.newBlockingStub(contacts.channel())
                .getContact(GetContactRequest.newBuilder().setPhone(ZOE).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void aFileTheServiceRefusesWhollyExitsWithItsReason() throws IOException {
    Path file = directory.resolve("not-contacts.csv");
    Files.write(file, "Nom;Prénom\r\nMartin;Léa\r\n".getBytes(WINDOWS_1252));

    CliRun run = cli("contacts", "import", file.toString(), "--list", "clients-fr");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.REFUSED);
    assertThat(run.err()).contains("ImportContacts failed: INVALID_ARGUMENT", "no phone column");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aFileOfOnlyRefusedRowsIsReportedAndExitsNonZero() throws IOException {
    Path file = directory.resolve("landlines.csv");
    Files.writeString(file, "phone,first_name\n01 44 55 66 77,Paul\n");

    CliRun run = cli("contacts", "import", file.toString(), "--list", "fixes");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.INCOMPLETE);
    assertThat(run.out()).containsPattern("refused +1\n").contains("line 2: not-mobile");
    assertThat(run.err()).contains("no row of the file was imported");
  }

  private static CliRun cli(String... args) {
    String[] withAddress = new String[args.length + 2];
    System.arraycopy(args, 0, withAddress, 0, args.length);
    withAddress[args.length] = "--contacts";
    withAddress[args.length + 1] = contacts.address();
    return CliRun.run(directory, withAddress);
  }
}
