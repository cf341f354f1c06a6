package dev.relais.contacts.phone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.contacts.phone.PhoneNumbers.Normalised;
import dev.relais.contacts.phone.PhoneNumbers.Rejected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "06 12 34 56 78",
        "0612345678",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "+33 6 12 34 56 78",
        "+33612345678",
        "0033612345678",
        "00 33 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "  06 12 34 56 78  ",
        "612345678",
        "+33\u00a06\u00a012\u00a034\u00a056\u00a078"
      })
  void usualFrenchWritingsOfOneMobileGiveOneE164(String written) {
    assertThat(PhoneNumbers.normaliseMobile(written, "FR"))
        .isEqualTo(new Normalised("+33612345678", "FR"));
  }

  @Test
  void frenchSevenPrefixMobilesAreMobiles() {
    assertThat(PhoneNumbers.normaliseMobile("07 81 23 45 67", "FR"))
        .isEqualTo(new Normalised("+33781234567", "FR"));
  }

  @Test
  void internationalNumbersIgnoreTheDefaultRegion() {
    assertThat(PhoneNumbers.normaliseMobile("+32 470 12 34 56", "FR"))
        .isEqualTo(new Normalised("+32470123456", "BE"));
    assertThat(PhoneNumbers.normaliseMobile("+49 151 23456789", "FR"))
        .isEqualTo(new Normalised("+4915123456789", "DE"));
  }

  @Test
  void nationalNumbersAreReadInTheDefaultRegion() {
    assertThat(PhoneNumbers.normaliseMobile("0470 12 34 56", "BE"))
        .isEqualTo(new Normalised("+32470123456", "BE"));
    assertThat(PhoneNumbers.normaliseMobile("07400 123456", "GB"))
        .isEqualTo(new Normalised("+447400123456", "GB"));
  }

  @Test
  void regionCodeIsCaseInsensitive() {
    assertThat(PhoneNumbers.normaliseMobile("0612345678", "fr"))
        .isEqualTo(new Normalised("+33612345678", "FR"));
  }

  @Test
  void fixedOrMobileNumbersOfPlansThatDoNotTellThemApartAreAccepted() {
    assertThat(PhoneNumbers.normaliseMobile("+1 650 253 0000", "FR"))
        .isEqualTo(new Normalised("+16502530000", "US"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\t"})
  void emptyPhoneIsMissing(String written) {
    assertThat(PhoneNumbers.normaliseMobile(written, "FR"))
        .isEqualTo(new Rejected(PhoneNumbers.MISSING_PHONE));
    assertThat(PhoneNumbers.normalise(written, "FR"))
        .isEqualTo(new Rejected(PhoneNumbers.MISSING_PHONE));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "abc",
        "06 12",
        "+33 6 12",
        "+33612345678999",
        "07 00 00 00 00",
        "N/A",
        "0612345678901234567890123456789012345678901234567890123456789012345"
      })
  void garbageAndImpossibleNumbersAreInvalid(String written) {
    assertThat(PhoneNumbers.normaliseMobile(written, "FR"))
        .isEqualTo(new Rejected(PhoneNumbers.INVALID_NUMBER));
  }

  @Test
  void nationalNumberWithoutAnyRegionIsInvalid() {
    assertThat(PhoneNumbers.normaliseMobile("0612345678", ""))
        .isEqualTo(new Rejected(PhoneNumbers.INVALID_NUMBER));
    assertThat(PhoneNumbers.normaliseMobile("0612345678", null))
        .isEqualTo(new Rejected(PhoneNumbers.INVALID_NUMBER));
  }

  @ParameterizedTest(name = "[{index}] {1}: \"{0}\"")
  @CsvSource({
    "01 23 45 67 89, fixed line (Paris)",
    "04 72 00 00 00, fixed line (Lyon)",
    "0800 123 456, toll-free",
    "08 99 12 34 56, premium rate",
    "09 51 23 45 67, VoIP box line"
  })
  void numbersThatCannotReceiveSmsAreNotMobile(String written, String kind) {
    assertThat(PhoneNumbers.normaliseMobile(written, "FR"))
        .as(kind)
        .isEqualTo(new Rejected(PhoneNumbers.NOT_MOBILE));
  }

  @Test
  void lenientFormAcceptsFixedLinesForLookupsAndOptOuts() {
    assertThat(PhoneNumbers.normalise("01 23 45 67 89", "FR"))
        .isEqualTo(new Normalised("+33123456789", "FR"));
  }

  @Test
  void lenientFormAcceptsPossibleNumbersOfUnallocatedRanges() {
    // Not valid in today's metadata, but of a possible length: an opt-out from it must stick.
    assertThat(PhoneNumbers.normalise("07 00 00 00 00", "FR"))
        .isEqualTo(new Normalised("+33700000000", "FR"));
    assertThat(PhoneNumbers.normalise("06 12", "FR"))
        .isEqualTo(new Rejected(PhoneNumbers.INVALID_NUMBER));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"33612345678", "+33612345678", "0033612345678", "0612345678"})
  void smscSenderAddressesAreReadInternationalFirst(String from) {
    assertThat(PhoneNumbers.normaliseSender(from, "FR"))
        .isEqualTo(new Normalised("+33612345678", "FR"));
  }

  @Test
  void smscSenderOfAnotherCountryWithoutPlusKeepsItsCountry() {
    assertThat(PhoneNumbers.normaliseSender("32470123456", "FR"))
        .isEqualTo(new Normalised("+32470123456", "BE"));
    assertThat(PhoneNumbers.normaliseSender("447400123456", "FR"))
        .isEqualTo(new Normalised("+447400123456", "GB"));
  }

  @Test
  void smscSenderThatIsNoNumberIsRejected() {
    assertThat(PhoneNumbers.normaliseSender("ORANGE", "FR"))
        .isEqualTo(new Rejected(PhoneNumbers.INVALID_NUMBER));
    assertThat(PhoneNumbers.normaliseSender("", "FR"))
        .isEqualTo(new Rejected(PhoneNumbers.MISSING_PHONE));
  }

  @Test
  void knownRegions() {
    assertThat(PhoneNumbers.isKnownRegion("FR")).isTrue();
    assertThat(PhoneNumbers.isKnownRegion("be")).isTrue();
    assertThat(PhoneNumbers.isKnownRegion("XX")).isFalse();
    assertThat(PhoneNumbers.isKnownRegion("")).isFalse();
    assertThat(PhoneNumbers.isKnownRegion(null)).isFalse();
  }
}
