package dev.relais.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.EraseContactRequest;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.InboundAction;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.InboundResult;
import dev.relais.proto.contacts.v1.InboundText;
import dev.relais.proto.contacts.v1.ListInboundTextsRequest;
import dev.relais.proto.contacts.v1.ListInboundTextsResponse;
import dev.relais.proto.contacts.v1.OptOutRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replies as people write them, from overseas numbers written the French way, over real gRPC and
 * Cassandra: STOP with the short code opts out the real contact, anything else is kept for a person
 * to read, then erased with the number.
 */
class InboundTextsIT {

  private static ContactsHarness harness;

  @TempDir static Path files;

  @BeforeAll
  static void start() {
    harness = new ContactsHarness(Map.of());
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void stopWithTheShortCodeFromANationalSenderOptsOutTheOverseasContact() throws IOException {
    ImportReport report =
        harness.importer.importCsv(
            write("gp.csv", "phone,consent\n0690 12 34 56,yes\n"),
            ImportOptions.newBuilder().setList("antilles").setDefaultRegion("FR").build());
    assertThat(report.getImported()).as(report.toString()).isEqualTo(1);
    Contact imported = get("0690 12 34 56");
    assertThat(imported.getPhone()).isEqualTo("+590690123456");
    assertThat(imported.getRegion()).isEqualTo("GP");
    assertThat(imported.getOptedOut()).isFalse();

    InboundResult result =
        harness.contacts.processInbound(
            InboundMessage.newBuilder()
                .setFrom("0690123456")
                .setTo("36111")
                .setText("STOP 36111")
                .setRoute("orange")
                .build());

    assertThat(result.getAction()).isEqualTo(InboundAction.INBOUND_ACTION_OPTED_OUT);
    assertThat(result.getPhone()).isEqualTo("+590690123456");
    assertThat(get("+590 690 12 34 56").getOptedOut()).isTrue();
    // No phantom +33 6 90 row was written beside the real contact.
    assertThat(
            harness.count(
                "SELECT count(*) FROM contacts WHERE bucket = ? AND phone = ?",
                dev.relais.contacts.store.ContactBuckets.of("+33690123456"),
                "+33690123456"))
        .isZero();
    // An understood reply is not a text for a person to read.
    assertThat(textsOf("+590690123456")).isEmpty();
  }

  @Test
  void optOutApiWithAnOverseasNationalFormReachesTheRealContact() {
    harness.contacts.optOut(
        OptOutRequest.newBuilder().setPhone("0696 12 34 56").setDefaultRegion("FR").build());
    assertThat(get("+596696123456").getOptedOut()).isTrue();
    assertThat(get("+596696123456").getRegion()).isEqualTo("MQ");
  }

  @Test
  void aNumberOfAnOverseasBlockThatExistsNowhereIsRefusedNotRecorded() {
    StatusRuntimeException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                harness.contacts.optOut(
                    OptOutRequest.newBuilder().setPhone("0691 12 34 56").build()));
    assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(
            harness.count(
                "SELECT count(*) FROM contacts WHERE bucket = ? AND phone = ?",
                dev.relais.contacts.store.ContactBuckets.of("+33691123456"),
                "+33691123456"))
        .isZero();
  }

  @Test
  void anUnderstoodNothingTextIsListedExportedThenErasedWithTheNumber() {
    Instant before = Instant.now().minusSeconds(1);
    InboundResult chat =
        harness.contacts.processInbound(
            InboundMessage.newBuilder()
                .setFrom("262692123456")
                .setTo("36111")
                .setText("Arrêtez de m'écrire")
                .setRoute("sfr")
                .build());
    assertThat(chat.getAction()).isEqualTo(InboundAction.INBOUND_ACTION_NONE);
    assertThat(chat.getPhone()).isEqualTo("+262692123456");

    List<InboundText> texts = textsOf("+262692123456");
    assertThat(texts).hasSize(1);
    InboundText text = texts.get(0);
    assertThat(text.getText()).isEqualTo("Arrêtez de m'écrire");
    assertThat(text.getRoute()).isEqualTo("sfr");
    assertThat(text.getTo()).isEqualTo("36111");
    assertThat(text.getReceivedAt().getSeconds()).isGreaterThanOrEqualTo(before.getEpochSecond());
    // Listed from a later time: not there.
    assertThat(
            harness
                .contacts
                .listInboundTexts(
                    ListInboundTextsRequest.newBuilder()
                        .setSince(
                            Timestamp.newBuilder()
                                .setSeconds(Instant.now().plusSeconds(60).getEpochSecond()))
                        .build())
                .getTextsList()
                .stream()
                .filter(t -> t.getPhone().equals("+262692123456")))
        .isEmpty();

    ContactExport export =
        harness.contacts.exportContact(
            ExportContactRequest.newBuilder().setPhone("+262 692 12 34 56").build());
    assertThat(export.getInboundTextsList())
        .extracting(InboundText::getText)
        .containsExactly("Arrêtez de m'écrire");
    assertThat(export.getJson())
        .contains("\"text\": \"Arrêtez de m"); // JSON escapes the apostrophe

    assertThat(
            harness
                .contacts
                .eraseContact(EraseContactRequest.newBuilder().setPhone("0692 12 34 56").build())
                .getFound())
        .isTrue();
    assertThat(textsOf("+262692123456")).isEmpty();
    assertThat(
            harness.count(
                "SELECT count(*) FROM inbound_texts_by_phone WHERE phone = ?", "+262692123456"))
        .isZero();
  }

  @Test
  void textsArePagedOldestFirst() {
    for (int i = 0; i < 5; i++) {
      harness.contacts.processInbound(
          InboundMessage.newBuilder()
              .setFrom("+33612340" + (100 + i))
              .setText("question " + i)
              .setRoute("paging")
              .setReceivedAt(Timestamp.newBuilder().setSeconds(Instant.now().getEpochSecond() + i))
              .build());
    }
    List<String> read = new ArrayList<>();
    String token = "";
    int pages = 0;
    do {
      ListInboundTextsResponse page =
          harness.contacts.listInboundTexts(
              ListInboundTextsRequest.newBuilder().setPageSize(2).setPageToken(token).build());
      page.getTextsList().stream()
          .filter(t -> t.getRoute().equals("paging"))
          .forEach(t -> read.add(t.getText()));
      token = page.getNextPageToken();
      pages++;
    } while (!token.isEmpty() && pages < 50);
    assertThat(read)
        .containsExactly("question 0", "question 1", "question 2", "question 3", "question 4");
    StatusRuntimeException bad =
        org.junit.jupiter.api.Assertions.assertThrows(
            StatusRuntimeException.class,
            () ->
                harness.contacts.listInboundTexts(
                    ListInboundTextsRequest.newBuilder().setPageToken("nonsense").build()));
    assertThat(bad.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  /** Every listed text of {@code phone}, following every page. */
  private static List<InboundText> textsOf(String phone) {
    List<InboundText> texts = new ArrayList<>();
    String token = "";
    do {
      ListInboundTextsResponse page =
          harness.contacts.listInboundTexts(
              ListInboundTextsRequest.newBuilder().setPageToken(token).build());
      page.getTextsList().stream().filter(t -> t.getPhone().equals(phone)).forEach(texts::add);
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return texts;
  }

  private static Contact get(String phone) {
    return harness.contacts.getContact(GetContactRequest.newBuilder().setPhone(phone).build());
  }

  private static Path write(String name, String content) throws IOException {
    Path file = files.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }
}
