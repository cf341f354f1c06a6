package dev.relais.contacts.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.relais.contacts.importing.CsvColumns.Field;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.ImportColumn;
import dev.relais.proto.contacts.v1.ImportWarning;
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
  void consentDateWithoutConsentAnswerIsIgnored() {
    CsvColumns columns = CsvColumns.fromHeader(List.of("phone", "consent", "consent_at"));
    ContactRecord record = accepted(columns.toRecord(List.of("0612345678", "", "garbage")));
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

  private static ContactRecord accepted(RowOutcome<CsvColumns.Mapped> outcome) {
    assertThat(outcome).isInstanceOf(RowOutcome.Accepted.class);
    return ((RowOutcome.Accepted<CsvColumns.Mapped>) outcome).value().record();
  }

  @ParameterizedTest
  @ValueSource(strings = {"pending", "PENDING", "en attente", "À confirmer", "double opt-in"})
  void aPendingConsentIsADoubleOptInNotAConsent(String cell) {
    CsvColumns columns = CsvColumns.fromHeader(List.of("phone", "consent"));
    ContactRecord record = accepted(columns.toRecord(List.of("0612345678", cell)));
    assertThat(record.getConsentPending()).isTrue();
    assertThat(record.getMarketingConsent()).isFalse();
  }

  @Test
  void lastInteractionColumnIsADate() {
    CsvColumns columns = CsvColumns.fromHeader(List.of("phone", "Dernière activité"));
    assertThat(columns.column(Field.LAST_INTERACTION)).contains(1);
    ContactRecord record = accepted(columns.toRecord(List.of("0612345678", "01/03/2026")));
    assertThat(record.getLastInteractionAt().getSeconds())
        .isEqualTo(Instant.parse("2026-03-01T00:00:00Z").getEpochSecond());
    assertThat(columns.toRecord(List.of("0612345678", "hier")))
        .isInstanceOfSatisfying(
            RowOutcome.Rejected.class,
            r -> assertThat(r.reason()).isEqualTo(CsvColumns.INVALID_INTERACTION_DATE));
  }

  @Test
  void twoConsentColumnsAreBothReadAndTheMostRestrictiveAnswerWins() {
    CsvColumns columns =
        CsvColumns.fromHeader(List.of("Portable", "Consentement SMS", "Consentement marketing"));
    assertThat(consent(columns, "oui", "non")).isEqualTo(ConsentAnswer.WITHDRAWN);
    assertThat(consent(columns, "non", "oui")).isEqualTo(ConsentAnswer.WITHDRAWN);
    assertThat(consent(columns, "oui", "")).isEqualTo(ConsentAnswer.GRANTED);
    assertThat(consent(columns, "", "")).isEqualTo(ConsentAnswer.UNSAID);
    assertThat(consent(columns, "oui", "en attente")).isEqualTo(ConsentAnswer.PENDING);
    assertThat(
            accepted(columns.toRecord(List.of("0612345678", "oui", "non"))).getMarketingConsent())
        .isFalse();
    assertThat(columns.warnings())
        .singleElement()
        .satisfies(w -> {
          assertThat(w.getCode()).isEqualTo(CsvColumns.COLUMNS_CLAIM_ONE_FIELD);
          assertThat(w.getMessage())
              .contains("\"Consentement SMS\" and \"Consentement marketing\"")
              .contains("most restrictive");
        });
    assertThat(columns.mapping())
        .extracting(ImportColumn::getField)
        .containsExactly("phone", "consent", "consent");
  }

  @Test
  void anyOptOutColumnSayingYesOptsOut() {
    CsvColumns columns =
        CsvColumns.fromHeader(List.of("Mobile", "Désinscrit SMS", "Opposition SMS"));
    assertThat(accepted(columns.toRecord(List.of("0612345678", "non", "oui"))).getOptedOut())
        .isTrue();
    assertThat(accepted(columns.toRecord(List.of("0612345678", "oui", ""))).getOptedOut()).isTrue();
    assertThat(accepted(columns.toRecord(List.of("0612345678", "", "non"))).getOptedOut())
        .isFalse();
    assertThat(columns.warnings())
        .extracting(ImportWarning::getCode)
        .containsExactly(CsvColumns.COLUMNS_CLAIM_ONE_FIELD);
  }

  @Test
  void aWithdrawalIsDatedByTheConsentDateColumn() {
    CsvColumns columns =
        CsvColumns.fromHeader(List.of("N° de portable", "Consentement", "Date de consentement"));
    RowOutcome<CsvColumns.Mapped> row =
        columns.toRecord(List.of("0612345678", "non", "15/01/2025"));
    CsvColumns.Mapped mapped = ((RowOutcome.Accepted<CsvColumns.Mapped>) row).value();
    assertThat(mapped.consent()).isEqualTo(ConsentAnswer.WITHDRAWN);
    assertThat(mapped.record().getConsentAt().getSeconds())
        .isEqualTo(Instant.parse("2025-01-15T00:00:00Z").getEpochSecond());
  }

  @Test
  void theMappingNamesEveryColumnAndTheWarningsWhatToCheck() {
    CsvColumns columns =
        CsvColumns.fromHeader(
            List.of(
                "Téléphone",
                "Prénom",
                "Portable",
                "Consentement email",
                "",
                "Fidélité",
                "Liste rouge"));
    assertThat(columns.mapping())
        .extracting(ImportColumn::getPosition, ImportColumn::getHeader, ImportColumn::getField)
        .containsExactly(
            tuple(1, "Téléphone", "attribute"),
            tuple(2, "Prénom", "first_name"),
            tuple(3, "Portable", "phone"),
            tuple(4, "Consentement email", "attribute"),
            tuple(5, "", "ignored"),
            tuple(6, "Fidélité", "attribute"),
            tuple(7, "Liste rouge", "attribute"));
    assertThat(columns.warnings())
        .extracting(ImportWarning::getCode, w -> w.getMessage().substring(0, 30))
        .containsExactly(
            tuple(CsvColumns.COLUMNS_CLAIM_ONE_FIELD, "columns \"Téléphone\" and \"Porta"),
            tuple(CsvColumns.UNUSED_CONSENT_COLUMN, "column \"Consentement email\" lo"),
            tuple(CsvColumns.UNUSED_CONSENT_COLUMN, "column \"Liste rouge\" looks lik"));
  }

  private static ConsentAnswer consent(CsvColumns columns, String first, String second) {
    RowOutcome<CsvColumns.Mapped> row = columns.toRecord(List.of("0612345678", first, second));
    return ((RowOutcome.Accepted<CsvColumns.Mapped>) row).value().consent();
  }
}
