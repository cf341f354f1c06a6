package dev.relais.contacts;

import static dev.relais.common.time.ProtoTime.instant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.relais.proto.contacts.v1.ConsentEvidence;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.ImportWarning;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contacts files as French users' tools write them (src/test/resources/import), imported over real
 * gRPC into a real Cassandra: what the service understood of each column, and every row's stored
 * contact and consent history.
 */
class ContactFilesIT {

  private static ContactsHarness harness;

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
  void excelWindows1252WithItsFirstAccentsPast64KiBKeepsEveryAccent() throws Exception {
    ImportReport report = importFile("excel-windows-1252.csv", "excel");

    assertThat(report.getCharset()).isEqualTo("windows-1252");
    assertThat(report.getWarningsList())
        .extracting(ImportWarning::getCode)
        .containsExactly("charset-windows-1252");
    assertThat(report.getWarnings(0).getMessage()).contains("line 202");
    assertThat(mapping(report))
        .containsExactly(
            tuple("Nom", "last_name"),
            tuple("Prenom", "first_name"),
            tuple("No de portable", "phone"),
            tuple("Ville", "city"),
            tuple("Consentement SMS", "consent"),
            tuple("Date de consentement", "consent_at"),
            tuple("Desinscrit SMS", "opted_out"),
            tuple("Commentaire", "attribute"));
    assertThat(report.getRows()).isEqualTo(204);
    assertThat(report.getImported()).isEqualTo(204);
    assertThat(report.getRejected()).isZero();

    for (int i = 0; i < 200; i++) {
      Contact martin = get(String.format("06 10 00 %02d %02d", i / 100, i % 100));
      assertThat(martin.getLastName()).isEqualTo("Martin");
      assertThat(martin.getFirstName()).isEqualTo("Paul");
      assertThat(martin.getCity()).isEqualTo("Lyon");
      assertThat(martin.getMarketingConsent()).isTrue();
      assertThat(instant(martin.getConsentAt())).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
      assertThat(martin.getOptedOut()).isFalse();
      assertThat(martin.getAttributesMap().get("Commentaire")).startsWith("client fidele");
    }
    Contact francois = get("06 10 00 90 01");
    assertThat(francois.getLastName()).isEqualTo("Lefèvre");
    assertThat(francois.getFirstName()).isEqualTo("François");
    assertThat(francois.getCity()).isEqualTo("Besançon");
    assertThat(francois.getAttributesMap())
        .containsExactly(Map.entry("Commentaire", "déjà client"));
    assertThat(francois.getMarketingConsent()).isTrue();
    assertThat(instant(francois.getConsentAt())).isEqualTo(Instant.parse("2024-03-15T00:00:00Z"));

    Contact helene = get("06 10 00 90 02");
    assertThat(helene.getLastName()).isEqualTo("Dupré");
    assertThat(helene.getFirstName()).isEqualTo("Hélène");
    assertThat(helene.getCity()).isEqualTo("Saint-Étienne");
    assertThat(helene.getMarketingConsent()).isFalse();
    assertThat(export("06 10 00 90 02").getConsentHistoryList()).isEmpty();

    Contact gaelle = get("06 10 00 90 03");
    assertThat(gaelle.getLastName()).isEqualTo("Noël");
    assertThat(gaelle.getFirstName()).isEqualTo("Gaëlle");
    assertThat(gaelle.getCity()).isEqualTo("Nîmes");
    assertThat(gaelle.getOptedOut()).isTrue(); // "Désinscrit SMS = oui", whatever the consent
    assertThat(gaelle.getMarketingConsent()).isTrue();
    assertThat(gaelle.getAttributesMap()).containsEntry("Commentaire", "a répondu STOP");

    Contact oedipe = get("06 10 00 90 04");
    assertThat(oedipe.getLastName()).isEqualTo("Ærø");
    assertThat(oedipe.getFirstName()).isEqualTo("Œdipe");
    assertThat(oedipe.getCity()).isEqualTo("Orléans");
    assertThat(oedipe.getMarketingConsent()).isFalse();
    assertThat(oedipe.getAttributesMap()).containsEntry("Commentaire", "€ 20 de remise");
  }

  @Test
  void frenchHeadersWithTwoConsentColumnsAndTwoOptOutColumns() throws Exception {
    ImportReport report = importFile("utf8-bom-french-headers.csv", "boutique");

    assertThat(report.getCharset()).isEqualTo("UTF-8");
    assertThat(mapping(report))
        .containsExactly(
            tuple("N° de portable", "phone"),
            tuple("Prénom", "first_name"),
            tuple("Nom", "last_name"),
            tuple("Ville", "city"),
            tuple("Consentement SMS", "consent"),
            tuple("Consentement marketing", "consent"),
            tuple("Date de consentement", "consent_at"),
            tuple("Opposition SMS", "opted_out"),
            tuple("Désinscrit SMS", "opted_out"),
            tuple("Consentement email", "attribute"),
            tuple("Liste rouge", "attribute"),
            tuple("Fidélité", "attribute"));
    assertThat(report.getWarningsList())
        .extracting(ImportWarning::getCode)
        .containsExactly(
            "columns-claim-one-field",
            "columns-claim-one-field",
            "unused-consent-column",
            "unused-consent-column");
    assertThat(report.getWarningsList())
        .extracting(ImportWarning::getMessage)
        .anySatisfy(
            m -> assertThat(m).contains("\"Consentement SMS\" and \"Consentement marketing\""))
        .anySatisfy(m -> assertThat(m).contains("\"Opposition SMS\" and \"Désinscrit SMS\""))
        .anySatisfy(m -> assertThat(m).contains("\"Consentement email\""))
        .anySatisfy(m -> assertThat(m).contains("\"Liste rouge\""));
    assertThat(report.getImported()).isEqualTo(6);

    Contact zoe = get("06 20 00 00 01");
    assertThat(List.of(zoe.getFirstName(), zoe.getLastName(), zoe.getCity()))
        .containsExactly("Zoé", "Martin", "Nîmes");
    assertThat(zoe.getMarketingConsent()).isTrue();
    assertThat(instant(zoe.getConsentAt())).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(zoe.getOptedOut()).isFalse();
    assertThat(zoe.getAttributesMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("Consentement email", "oui", "Liste rouge", "non", "Fidélité", "gold"));

    Contact anais = get("06 20 00 00 02"); // SMS oui, marketing non: the "non" wins
    assertThat(List.of(anais.getFirstName(), anais.getLastName()))
        .containsExactly("Anaïs", "Béranger");
    assertThat(anais.getMarketingConsent()).isFalse();
    assertThat(anais.hasConsentAt()).isFalse();

    Contact jerome = get("06 20 00 00 03");
    assertThat(jerome.getFirstName()).isEqualTo("Jérôme");
    assertThat(jerome.getMarketingConsent()).isFalse();
    assertThat(jerome.getOptedOut()).isFalse(); // "Liste rouge = oui" is not an SMS opt-out
    assertThat(jerome.getAttributesMap()).containsEntry("Liste rouge", "oui");

    Contact cecile = get("06 20 00 00 04"); // Opposition SMS = oui
    assertThat(cecile.getFirstName()).isEqualTo("Cécile");
    assertThat(cecile.getOptedOut()).isTrue();

    Contact eloi = get("06 20 00 00 05");
    assertThat(eloi.getFirstName()).isEqualTo("Éloi");
    assertThat(eloi.getMarketingConsent()).isTrue();
    assertThat(instant(eloi.getConsentAt())).isEqualTo(Instant.parse("2024-05-02T09:30:00Z"));

    Contact mael = get("06 20 00 00 06");
    assertThat(mael.getFirstName()).isEqualTo("Maël");
    assertThat(mael.getMarketingConsent()).isFalse();
    assertThat(mael.getConsentPending()).isTrue();
  }

  @Test
  void aCrmResyncWithdrawsConsentsAndNeverReDatesThem() throws Exception {
    Instant firstStart = Instant.now();
    ImportReport first = importFile("crm-first-sync.csv", "crm");
    Instant firstEnd = Instant.now();
    assertThat(first.getImported()).isEqualTo(7);
    assertThat(first.getWarningsList()).isEmpty();
    assertThat(mapping(first))
        .containsExactly(
            tuple("Mobile Phone", "phone"),
            tuple("First Name", "first_name"),
            tuple("Last Name", "last_name"),
            tuple("SMS Consent", "consent"),
            tuple("Consent Date", "consent_at"),
            tuple("SMS Opt-Out", "opted_out"));
    // A first consent without a date is dated by the import.
    assertThat(instant(get("+33630000002").getConsentAt())).isBetween(firstStart, firstEnd);

    Instant nextStart = Instant.now();
    ImportReport next = importFile("crm-next-sync.csv", "crm");
    Instant nextEnd = Instant.now();
    assertThat(next.getRows()).isEqualTo(8);
    assertThat(next.getUpdated()).isEqualTo(8);

    Instant january = Instant.parse("2024-01-10T00:00:00Z");
    // "no" dated by the file: withdrawn then, and the history shows the grant and the withdrawal.
    Contact ann = get("+33630000001");
    assertThat(ann.getMarketingConsent()).isFalse();
    assertThat(ann.hasConsentAt()).isFalse();
    assertThat(ann.getOptedOut()).isFalse(); // a withdrawal is not an opt-out
    assertThat(history("+33630000001"))
        .containsExactly(
            tuple(january, true, "crm"),
            tuple(Instant.parse("2025-02-01T00:00:00Z"), false, "crm"));

    // "no" without a date: withdrawn at the import.
    assertThat(get("+33630000002").getMarketingConsent()).isFalse();
    List<ConsentEvidence> bob = sortedHistory("+33630000002");
    assertThat(bob).extracting(ConsentEvidence::getGranted).containsExactly(true, false);
    assertThat(instant(bob.get(1).getAt())).isBetween(nextStart, nextEnd);

    // "yes" again without a date: the consent keeps its date and no new grant is written.
    Contact carl = get("+33630000003");
    assertThat(carl.getMarketingConsent()).isTrue();
    assertThat(instant(carl.getConsentAt())).isEqualTo(january);
    assertThat(history("+33630000003")).containsExactly(tuple(january, true, "crm"));

    // "yes" with a new date: that date, never the import time.
    Instant february = Instant.parse("2025-02-01T00:00:00Z");
    Contact dana = get("+33630000004");
    assertThat(instant(dana.getConsentAt())).isEqualTo(february);
    assertThat(history("+33630000004"))
        .containsExactly(tuple(january, true, "crm"), tuple(february, true, "crm"));

    // The same number twice in the file, "yes" then "no": the later row withdraws.
    Contact emma = get("+33630000005");
    assertThat(emma.getMarketingConsent()).isFalse();
    List<ConsentEvidence> emmaHistory = sortedHistory("+33630000005");
    assertThat(emmaHistory).extracting(ConsentEvidence::getGranted).containsExactly(true, false);
    assertThat(instant(emmaHistory.get(0).getAt())).isBetween(firstStart, firstEnd);
    assertThat(instant(emmaHistory.get(1).getAt())).isBetween(nextStart, nextEnd);

    // Opted out at the first sync: a "yes" of the CRM (with "no" in its opt-out column) records
    // the consent but never lifts the opt-out.
    Contact fred = get("+33630000006");
    assertThat(fred.getOptedOut()).isTrue();
    assertThat(export("+33630000006").getOptOutsList()).hasSize(1);
    assertThat(fred.getMarketingConsent()).isTrue();
    assertThat(history("+33630000006")).containsExactly(tuple(february, true, "crm"));

    // Empty consent cell: nothing changes but the name.
    Contact gina = get("+33630000007");
    assertThat(gina.getLastName()).isEqualTo("Grey");
    assertThat(gina.getMarketingConsent()).isTrue();
    assertThat(instant(gina.getConsentAt())).isEqualTo(january);
    assertThat(history("+33630000007")).containsExactly(tuple(january, true, "crm"));
  }

  @Test
  void aFileNeitherUtf8NorWindows1252IsRefusedNamingItsLine() {
    assertThatThrownBy(() -> importFile("mixed-charsets.csv", "mixed"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("line 3");
            });
    assertThatThrownBy(() -> get("0640000001"))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  private static ImportReport importFile(String name, String source)
      throws IOException, URISyntaxException {
    Path file = Path.of(ContactFilesIT.class.getResource("/import/" + name).toURI());
    return harness.importer.importCsv(
        file,
        ImportOptions.newBuilder()
            .setList(name.replace(".csv", ""))
            .setDefaultRegion("FR")
            .setConsentSource(source)
            .build());
  }

  private static List<org.assertj.core.groups.Tuple> mapping(ImportReport report) {
    return report.getColumnsList().stream().map(c -> tuple(c.getHeader(), c.getField())).toList();
  }

  private static Contact get(String phone) {
    return harness.contacts.getContact(
        GetContactRequest.newBuilder().setPhone(phone).setDefaultRegion("FR").build());
  }

  private static ContactExport export(String phone) {
    return harness.contacts.exportContact(
        ExportContactRequest.newBuilder().setPhone(phone).setDefaultRegion("FR").build());
  }

  private static List<ConsentEvidence> sortedHistory(String phone) {
    return export(phone).getConsentHistoryList().stream()
        .sorted(Comparator.comparing(e -> instant(e.getAt())))
        .toList();
  }

  /** The consent history as (time, granted, source), oldest first. */
  private static List<org.assertj.core.groups.Tuple> history(String phone) {
    return sortedHistory(phone).stream()
        .map(e -> tuple(instant(e.getAt()), e.getGranted(), e.getSource()))
        .toList();
  }
}
