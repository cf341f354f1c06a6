package dev.relais.contacts.importing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.sms.phone.PhoneNumbers;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ContactValidationTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  private static RowOutcome<ContactDraft> validate(ContactRecord.Builder record) {
    return ContactValidation.validate(record.build(), "FR", 7, NOW);
  }

  private static ContactDraft accepted(ContactRecord.Builder record) {
    RowOutcome<ContactDraft> outcome = validate(record);
    assertThat(outcome).isInstanceOf(RowOutcome.Accepted.class);
    return ((RowOutcome.Accepted<ContactDraft>) outcome).value();
  }

  private static String rejection(ContactRecord.Builder record) {
    RowOutcome<ContactDraft> outcome = validate(record);
    assertThat(outcome).isInstanceOf(RowOutcome.Rejected.class);
    RowOutcome.Rejected<ContactDraft> rejected = (RowOutcome.Rejected<ContactDraft>) outcome;
    assertThat(rejected.detail()).isNotBlank().doesNotContain("612345678");
    return rejected.reason();
  }

  @Test
  void validRecordBecomesANormalisedDraft() {
    ContactDraft draft =
        accepted(
            ContactRecord.newBuilder()
                .setPhone("06 12 34 56 78")
                .setFirstName(" Zoé ")
                .setCity("")
                .addTags(" VIP ")
                .addTags("")
                .putAttributes("tier", "gold")
                .putAttributes("empty", " ")
                .setMarketingConsent(true)
                .setConsentAt(Timestamp.newBuilder().setSeconds(1_700_000_000)));

    assertThat(draft.phone()).isEqualTo("+33612345678");
    assertThat(draft.region()).isEqualTo("FR");
    assertThat(draft.firstName()).isEqualTo("Zoé");
    assertThat(draft.city()).isNull();
    assertThat(draft.tags()).containsExactly("vip");
    assertThat(draft.attributes()).containsOnlyKeys("tier");
    assertThat(draft.consent()).isEqualTo(ConsentAnswer.GRANTED);
    assertThat(draft.consentAt()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    assertThat(draft.line()).isEqualTo(7);
    assertThat(draft.rows()).isEqualTo(1);
  }

  @Test
  void rowRegionOverridesTheDefaultForNationalNumbers() {
    ContactDraft draft =
        accepted(ContactRecord.newBuilder().setPhone("0470 12 34 56").setRegion("Belgique"));
    assertThat(draft.phone()).isEqualTo("+32470123456");
    assertThat(draft.region()).isEqualTo("BE");
  }

  @Test
  void unknownRegionRejectsTheRow() {
    assertThat(rejection(ContactRecord.newBuilder().setPhone("0612345678").setRegion("Atlantis")))
        .isEqualTo(ContactValidation.INVALID_REGION);
  }

  @Test
  void phoneRejectionsKeepTheirReason() {
    assertThat(rejection(ContactRecord.newBuilder().setPhone("")))
        .isEqualTo(PhoneNumbers.MISSING_PHONE);
    assertThat(rejection(ContactRecord.newBuilder().setPhone("06 12")))
        .isEqualTo(PhoneNumbers.INVALID_NUMBER);
    assertThat(rejection(ContactRecord.newBuilder().setPhone("01 23 45 67 89")))
        .isEqualTo(PhoneNumbers.NOT_MOBILE);
  }

  @Test
  void consentDatedInTheFutureIsRefused() {
    Timestamp nextWeek =
        Timestamp.newBuilder().setSeconds(NOW.plusSeconds(7 * 86_400).getEpochSecond()).build();
    assertThat(
            rejection(
                ContactRecord.newBuilder()
                    .setPhone("0612345678")
                    .setMarketingConsent(true)
                    .setConsentAt(nextWeek)))
        .isEqualTo(CsvColumns.INVALID_CONSENT_DATE);
  }

  @Test
  void consentWithoutDateIsDatedAtStorage() {
    ContactDraft draft =
        accepted(ContactRecord.newBuilder().setPhone("0612345678").setMarketingConsent(true));
    assertThat(draft.consent()).isEqualTo(ConsentAnswer.GRANTED);
    assertThat(draft.consentAt()).isNull();
  }

  @Test
  void aRecordWithoutConsentLeavesItAsItIsAndAFileRowMayWithdrawIt() {
    assertThat(accepted(ContactRecord.newBuilder().setPhone("0612345678")).consent())
        .isEqualTo(ConsentAnswer.UNSAID);
    Timestamp march = Timestamp.newBuilder().setSeconds(1_709_251_200).build();
    RowOutcome<ContactDraft> withdrawal =
        ContactValidation.validate(
            ContactRecord.newBuilder().setPhone("0612345678").setConsentAt(march).build(),
            ConsentAnswer.WITHDRAWN,
            "FR",
            3,
            NOW);
    ContactDraft draft = ((RowOutcome.Accepted<ContactDraft>) withdrawal).value();
    assertThat(draft.consent()).isEqualTo(ConsentAnswer.WITHDRAWN);
    assertThat(draft.consentAt()).isEqualTo(Instant.ofEpochSecond(1_709_251_200));
  }

  @Test
  void oversizedFieldsAreRefused() {
    assertThat(
            rejection(ContactRecord.newBuilder().setPhone("0612345678").setCity("x".repeat(1001))))
        .isEqualTo(ContactValidation.FIELD_TOO_LONG);
    assertThat(
            rejection(
                ContactRecord.newBuilder()
                    .setPhone("0612345678")
                    .putAttributes("notes", "y".repeat(1001))))
        .isEqualTo(ContactValidation.FIELD_TOO_LONG);
  }
}
