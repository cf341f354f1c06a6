package dev.relais.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.contacts.store.ComplianceLog;
import dev.relais.proto.contacts.v1.AudienceFilter;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.InboundAction;
import dev.relais.proto.contacts.v1.InboundMessage;
import dev.relais.proto.contacts.v1.ListAudienceRequest;
import dev.relais.proto.contacts.v1.ListAudienceResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Double opt-in: a pending consent becomes a consent only by a confirmation keyword reply. */
class DoubleOptInIT {

  private static final String PENDING = "+33624000001";
  private static final String PENDING_BY_API = "+33624000002";
  private static final String CONSENTING = "+33624000003";
  private static final String NEVER_ASKED = "+33624000004";

  private static ContactsHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = new ContactsHarness(Map.of());
    Path csv = Files.createTempFile("doi", ".csv");
    Files.writeString(
        csv,
        "phone;consent\n"
            + PENDING
            + ";pending\n"
            + CONSENTING
            + ";oui\n"
            + NEVER_ASKED
            + ";non\n");
    ImportReport report =
        harness.importer.importCsv(
            csv,
            ImportOptions.newBuilder()
                .setList("doi")
                .setConsentSource("web-form")
                .setConsentWording("Répondez OUI pour recevoir nos offres par SMS.")
                .build());
    Files.delete(csv);
    assertThat(report.getImported()).isEqualTo(3);
    harness.importer.importRecords(
        List.of(
            ContactRecord.newBuilder().setPhone(PENDING_BY_API).setConsentPending(true).build()),
        ImportOptions.newBuilder().setList("doi").build());
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aPendingContactConsentsOnlyOnceItRepliesOui() {
    Contact before = get(PENDING);
    assertThat(before.getMarketingConsent()).isFalse();
    assertThat(before.getConsentPending()).isTrue();
    assertThat(before.hasConsentRequestedAt()).isTrue();
    assertThat(consenting()).doesNotContain(PENDING).contains(CONSENTING);

    // Chatter is not a confirmation.
    assertThat(reply(PENDING, "oui mais plus tard").getAction())
        .isEqualTo(InboundAction.INBOUND_ACTION_NONE);
    assertThat(get(PENDING).getMarketingConsent()).isFalse();

    Instant receivedAt = Instant.parse("2026-11-20T09:30:00Z");
    assertThat(reply(PENDING, " Oui ! ", receivedAt).getAction())
        .isEqualTo(InboundAction.INBOUND_ACTION_CONSENT_CONFIRMED);

    Contact after = get(PENDING);
    assertThat(after.getMarketingConsent()).isTrue();
    assertThat(after.getConsentPending()).isFalse();
    assertThat(after.getConsentAt().getSeconds()).isEqualTo(receivedAt.getEpochSecond());
    assertThat(consenting()).contains(PENDING);

    // The evidence: source keyword, the reply as wording, the time of the reply.
    List<ComplianceLog.ConsentEvent> history =
        new ComplianceLog(harness.session).consentHistory(PENDING);
    assertThat(history).hasSize(1);
    assertThat(history.get(0).source()).isEqualTo("keyword");
    assertThat(history.get(0).granted()).isTrue();
    assertThat(history.get(0).at()).isEqualTo(receivedAt);
    assertThat(
            harness
                .session
                .execute(
                    "SELECT wording FROM consent_wordings WHERE wording_id = ?",
                    history.get(0).wordingId())
                .one()
                .getString("wording"))
        .isEqualTo("Oui !");

    // A second OUI changes nothing.
    assertThat(reply(PENDING, "OUI").getAction()).isEqualTo(InboundAction.INBOUND_ACTION_NONE);
    assertThat(new ComplianceLog(harness.session).consentHistory(PENDING)).hasSize(1);
  }

  @Test
  void aContactCreatedPendingThroughTheApiConfirmsWithYes() {
    assertThat(get(PENDING_BY_API).getConsentPending()).isTrue();
    assertThat(consenting()).doesNotContain(PENDING_BY_API);
    assertThat(reply(PENDING_BY_API, "yes").getAction())
        .isEqualTo(InboundAction.INBOUND_ACTION_CONSENT_CONFIRMED);
    assertThat(get(PENDING_BY_API).getMarketingConsent()).isTrue();
  }

  @Test
  void ouiFromSomeoneNeverAskedGrantsNothing() {
    assertThat(reply(NEVER_ASKED, "OUI").getAction()).isEqualTo(InboundAction.INBOUND_ACTION_NONE);
    assertThat(get(NEVER_ASKED).getMarketingConsent()).isFalse();
    assertThat(reply("+33624000099", "OUI").getAction())
        .isEqualTo(InboundAction.INBOUND_ACTION_NONE);
    // A contact that already consents keeps its original evidence.
    assertThat(reply(CONSENTING, "OUI").getAction()).isEqualTo(InboundAction.INBOUND_ACTION_NONE);
    assertThat(new ComplianceLog(harness.session).consentHistory(CONSENTING))
        .singleElement()
        .satisfies(e -> assertThat(e.source()).isEqualTo("web-form"));
  }

  @Test
  void reimportingAsPendingNeverDowngradesAConsent() throws Exception {
    harness.importer.importRecords(
        List.of(ContactRecord.newBuilder().setPhone(CONSENTING).setConsentPending(true).build()),
        ImportOptions.newBuilder().setList("doi").build());
    Contact contact = get(CONSENTING);
    assertThat(contact.getMarketingConsent()).isTrue();
    assertThat(contact.getConsentPending()).isFalse();
  }

  private static dev.relais.proto.contacts.v1.InboundResult reply(String from, String text) {
    return reply(from, text, Instant.now());
  }

  private static dev.relais.proto.contacts.v1.InboundResult reply(
      String from, String text, Instant at) {
    return harness.contacts.processInbound(
        InboundMessage.newBuilder()
            .setFrom(from)
            .setTo("36180")
            .setText(text)
            .setReceivedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()))
            .build());
  }

  private static Contact get(String phone) {
    return harness.contacts.getContact(GetContactRequest.newBuilder().setPhone(phone).build());
  }

  /** Numbers of the list that a marketing campaign may target by consent. */
  private static List<String> consenting() {
    ListAudienceResponse page =
        harness.contacts.listAudience(
            ListAudienceRequest.newBuilder()
                .setFilter(AudienceFilter.newBuilder().setList("doi"))
                .setSegmentFilter("consent = true")
                .setPageSize(100)
                .build());
    assertThat(page.getNextPageToken()).isEmpty();
    return page.getContactsList().stream().map(Contact::getPhone).toList();
  }
}
