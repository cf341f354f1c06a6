package dev.relais.contacts.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.contacts.importing.CsvColumns.Field;
import dev.relais.proto.contacts.v1.ContactRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvColumnsTest {

  @Test
  void englishHeaders() {
    CsvColumns columns =
        CsvColumns.fromHeader(
            List.of(
                "phone",
                "first_name",
                "last_name",
                "city",
                "postal_code",
                "tags",
                "marketing_consent",
                "consent_at",
                "opted_out",
                "region"));
    assertThat(columns.column(Field.PHONE)).contains(0);
    assertThat(columns.column(Field.FIRST_NAME)).contains(1);
    assertThat(columns.column(Field.LAST_NAME)).contains(2);
    assertThat(columns.column(Field.CITY)).contains(3);
    assertThat(columns.column(Field.POSTAL_CODE)).contains(4);
    assertThat(columns.column(Field.TAGS)).contains(5);
    assertThat(columns.column(Field.CONSENT)).contains(6);
    assertThat(columns.column(Field.CONSENT_AT)).contains(7);
    assertThat(columns.column(Field.OPTED_OUT)).contains(8);
    assertThat(columns.column(Field.REGION)).contains(9);
    assertThat(columns.attributeColumns()).isEmpty();
  }

  @Test
  void frenchHeadersWithAccentsCaseAndSpaces() {
    CsvColumns columns =
        CsvColumns.fromHeader(
            List.of(
                "\uFEFFTéléphone",
                "Prénom",
                "NOM",
                "Ville",
                "Code Postal",
                "Étiquettes",
                "Optin",
                "Pays"));
    assertThat(columns.column(Field.PHONE)).contains(0);
    assertThat(columns.column(Field.FIRST_NAME)).contains(1);
    assertThat(columns.column(Field.LAST_NAME)).contains(2);
    assertThat(columns.column(Field.CITY)).contains(3);
    assertThat(columns.column(Field.POSTAL_CODE)).contains(4);
    assertThat(columns.column(Field.TAGS)).contains(5);
    assertThat(columns.column(Field.CONSENT)).contains(6);
    assertThat(columns.column(Field.REGION)).contains(7);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "phone",
        "Phone Number",
        "MOBILE",
        "mobile-phone",
        "telephone",
        "Téléphone",
        "tel",
        "numero",
        "Numéro",
        "numéro de téléphone",
        "msisdn",
        "portable",
        "gsm"
      })
  void phoneColumnNames(String name) {
    assertThat(CsvColumns.fromHeader(List.of("name", name)).column(Field.PHONE)).contains(1);
  }

  @Test
  void mobileColumnIsPreferredToAGenericPhoneColumn() {
    CsvColumns columns = CsvColumns.fromHeader(List.of("telephone", "email", "mobile"));
    assertThat(columns.column(Field.PHONE)).contains(2);
    // The other number is kept as an attribute rather than lost.
    assertThat(columns.attributeColumns()).containsEntry(0, "telephone").containsEntry(1, "email");
  }

  @Test
  void headerWithoutPhoneColumnIsNotAContactsFile() {
    assertThatThrownBy(() -> CsvColumns.fromHeader(List.of("name", "email", "city")))
        .isInstanceOf(NotCsvException.class)
        .hasMessageContaining("no phone column");
    assertThatThrownBy(() -> CsvColumns.fromHeader(List.of("%PDF-1.7")))
        .isInstanceOf(NotCsvException.class);
  }

  @Test
  void unknownColumnsBecomeAttributesUnderTheirHeaderName() {
    CsvColumns columns =
        CsvColumns.fromHeader(
            List.of("phone", "Loyalty Tier", "", "last_purchase", "city", "ville"));
    assertThat(columns.attributeColumns())
        .containsExactly(
            Map.entry(1, "Loyalty Tier"), Map.entry(3, "last_purchase"), Map.entry(5, "ville"));
  }

  @Test
  void rowMapsToARecord() {
    CsvColumns columns =
        CsvColumns.fromHeader(
            List.of(
                "phone",
                "prénom",
                "nom",
                "ville",
                "cp",
                "tags",
                "consent",
                "consent_at",
                "stop",
                "country",
                "tier"));
    ContactRecord record =
        accepted(
            columns.toRecord(
                List.of(
                    " 06 12 34 56 78 ",
                    "Zoé",
                    "Martin",
                    "Nîmes",
                    "30000",
                    "VIP|Sud",
                    "oui",
                    "2024-03-01",
                    "non",
                    "FR",
                    "gold")));

    assertThat(record.getPhone()).isEqualTo("06 12 34 56 78");
    assertThat(record.getFirstName()).isEqualTo("Zoé");
    assertThat(record.getLastName()).isEqualTo("Martin");
    assertThat(record.getCity()).isEqualTo("Nîmes");
    assertThat(record.getPostalCode()).isEqualTo("30000");
    assertThat(record.getTagsList()).containsExactly("vip", "sud");
    assertThat(record.getMarketingConsent()).isTrue();
    assertThat(Instant.ofEpochSecond(record.getConsentAt().getSeconds()))
        .isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(record.getOptedOut()).isFalse();
    assertThat(record.getRegion()).isEqualTo("FR");
    assertThat(record.getAttributesMap()).containsExactly(Map.entry("tier", "gold"));
  }

  @Test
  void shortRowsLeaveMissingCellsEmpty() {
    CsvColumns columns = CsvColumns.fromHeader(List.of("phone", "first_name", "consent", "tier"));
    ContactRecord record = accepted(columns.toRecord(List.of("0612345678")));
    assertThat(record.getFirstName()).isEmpty();
    assertThat(record.getMarketingConsent()).isFalse();
    assertThat(record.getAttributesMap()).isEmpty();
  }

  @Test
  void consentDateWithoutConsentIsIgnored() {
    CsvColumns columns = CsvColumns.fromHeader(List.of("phone", "consent", "consent_at"));
    ContactRecord record = accepted(columns.toRecord(List.of("0612345678", "no", "garbage")));
    assertThat(record.hasConsentAt()).isFalse();
  }

  @Test
  void unreadableConsentOptOutOrDateRejectTheRow() {
    CsvColumns columns =
        CsvColumns.fromHeader(List.of("phone", "consent", "consent_at", "opted_out"));
    assertThat(columns.toRecord(List.of("0612345678", "maybe", "", "")))
        .isInstanceOf(RowOutcome.Rejected.class)
        .extracting(r -> ((RowOutcome.Rejected<?>) r).reason())
        .isEqualTo(CsvColumns.INVALID_CONSENT);
    assertThat(columns.toRecord(List.of("0612345678", "yes", "last week", "")))
        .extracting(r -> ((RowOutcome.Rejected<?>) r).reason())
        .isEqualTo(CsvColumns.INVALID_CONSENT_DATE);
    assertThat(columns.toRecord(List.of("0612345678", "yes", "", "perhaps")))
        .extracting(r -> ((RowOutcome.Rejected<?>) r).reason())
        .isEqualTo(CsvColumns.INVALID_OPTED_OUT);
  }

  @Test
  void canonicalHeaderNames() {
    assertThat(CsvColumns.canonicalName(" Téléphone  Portable ")).isEqualTo("telephone_portable");
    assertThat(CsvColumns.canonicalName("E-Mail.Address")).isEqualTo("e_mail_address");
    assertThat(CsvColumns.canonicalName("\uFEFFphone")).isEqualTo("phone");
  }

  private static ContactRecord accepted(RowOutcome<ContactRecord> outcome) {
    assertThat(outcome).isInstanceOf(RowOutcome.Accepted.class);
    return ((RowOutcome.Accepted<ContactRecord>) outcome).value();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pending", "PENDING", "en attente", "À confirmer", "double opt-in"})
  void aPendingConsentIsADoubleOptInNotAConsent(String cell) {
    CsvColumns columns = CsvColumns.fromHeader(List.of("phone", "consent"));
    ContactRecord record =
        ((RowOutcome.Accepted<ContactRecord>) columns.toRecord(List.of("0612345678", cell)))
            .value();
    assertThat(record.getConsentPending()).isTrue();
    assertThat(record.getMarketingConsent()).isFalse();
  }

  @Test
  void lastInteractionColumnIsADate() {
    CsvColumns columns = CsvColumns.fromHeader(List.of("phone", "Dernière activité"));
    assertThat(columns.column(Field.LAST_INTERACTION)).contains(1);
    ContactRecord record =
        ((RowOutcome.Accepted<ContactRecord>) columns.toRecord(List.of("0612345678", "01/03/2026")))
            .value();
    assertThat(record.getLastInteractionAt().getSeconds())
        .isEqualTo(Instant.parse("2026-03-01T00:00:00Z").getEpochSecond());
    assertThat(columns.toRecord(List.of("0612345678", "hier")))
        .isInstanceOfSatisfying(
            RowOutcome.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(CsvColumns.INVALID_INTERACTION_DATE));
  }
}
