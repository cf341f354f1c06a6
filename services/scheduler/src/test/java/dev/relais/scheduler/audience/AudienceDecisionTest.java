package dev.relais.scheduler.audience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.contacts.v1.Contact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AudienceDecisionTest {

  private static final Contact CONSENTING =
      Contact.newBuilder().setPhone("+33612345678").setMarketingConsent(true).build();

  @Test
  void marketingReachesAConsentingContact() {
    assertThat(AudienceDecision.decide(true, CONSENTING)).isEmpty();
  }

  @Test
  void marketingNeedsConsent() {
    Contact noConsent = CONSENTING.toBuilder().setMarketingConsent(false).build();

    assertThat(AudienceDecision.decide(true, noConsent)).contains(SuppressionReason.NO_CONSENT);
  }

  @Test
  void optOutWinsOverConsentForMarketing() {
    Contact optedOut = CONSENTING.toBuilder().setOptedOut(true).build();

    assertThat(AudienceDecision.decide(true, optedOut)).contains(SuppressionReason.OPTED_OUT);
  }

  @Test
  void transactionalNeedsNoConsentAndIgnoresTheMarketingOptOut() {
    Contact optedOutNoConsent =
        Contact.newBuilder().setPhone("+33612345678").setOptedOut(true).build();

    assertThat(AudienceDecision.decide(false, optedOutNoConsent)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "0612345678",
        "+0612345678",
        "+33 6 12 34 56 78",
        "+1234567890123456",
        "+123456"
      })
  void invalidNumbersAreSuppressedForEveryType(String phone) {
    Contact contact = CONSENTING.toBuilder().setPhone(phone).build();

    assertThat(AudienceDecision.decide(true, contact)).contains(SuppressionReason.INVALID_NUMBER);
    assertThat(AudienceDecision.decide(false, contact)).contains(SuppressionReason.INVALID_NUMBER);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+33612345678", "+6831234", "+123456789012345"})
  void validE164NumbersAreNotSuppressedAsInvalid(String phone) {
    Contact contact = CONSENTING.toBuilder().setPhone(phone).build();

    assertThat(AudienceDecision.decide(true, contact)).isEmpty();
    assertThat(AudienceDecision.decide(false, contact)).isEmpty();
  }

  @Test
  void reasonCodesAreStable() {
    assertThat(SuppressionReason.values())
        .extracting(SuppressionReason::code)
        .containsExactly(
            "no-consent",
            "opted-out",
            "no-route",
            "outside-window",
            "invalid-number",
            "capped",
            "country-not-allowed",
            "velocity-limit");
  }
}
