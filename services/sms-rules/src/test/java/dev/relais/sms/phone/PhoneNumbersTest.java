package dev.relais.sms.phone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.sms.phone.PhoneNumbers.Normalised;
import dev.relais.sms.phone.PhoneNumbers.Rejected;
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

  /** Overseas mobiles as the French write them, with the E.164 and region they really have. */
  private static final String OVERSEAS_MOBILES =
      """
      0690 12 34 56, +590690123456, GP
      0691 22 34 56, +590691223456, GP
      0690 27 12 34, +590690271234, GP
      0692 12 34 56, +262692123456, RE
      0693 10 34 56, +262693103456, RE
      0694 12 34 56, +594694123456, GF
      0696 12 34 56, +596696123456, MQ
      0697 12 34 56, +596697123456, MQ
      0639 01 23 45, +262639012345, YT
      0709 00 12 34, +590709001234, GP
      0709 35 12 34, +262709351234, YT
      """;

  @ParameterizedTest(name = "[{index}] \"{0}\" is {1} ({2})")
  @CsvSource(textBlock = OVERSEAS_MOBILES)
  void frenchNationalFormsOfOverseasMobilesAreTheirRealNumbers(
      String written, String e164, String region) {
    Normalised expected = new Normalised(e164, region);
    assertThat(PhoneNumbers.normaliseMobile(written, "FR")).as("import").isEqualTo(expected);
    assertThat(PhoneNumbers.normalise(written, "FR")).as("look-up, opt-out").isEqualTo(expected);
    String digits = written.replace(" ", "");
    assertThat(PhoneNumbers.normaliseSender(digits, "FR")).as("MO, national").isEqualTo(expected);
    assertThat(PhoneNumbers.normaliseSender(e164.substring(1), "FR"))
        .as("MO, international without +")
        .isEqualTo(expected);
    assertThat(PhoneNumbers.normaliseSender(e164, "FR")).as("MO, E.164").isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\" is {1} ({2})")
  @CsvSource(textBlock = OVERSEAS_MOBILES)
  void plusThirtyThreeInFrontOfAnOverseasNumberIsRepaired(
      String written, String e164, String region) {
    // CRMs replace the leading 0 of every number by +33; SMSCs may do the same to an MO sender.
    String plus33 = "+33 " + written.substring(1);
    Normalised expected = new Normalised(e164, region);
    assertThat(PhoneNumbers.normaliseMobile(plus33, "FR")).isEqualTo(expected);
    assertThat(PhoneNumbers.normalise(plus33, "FR")).isEqualTo(expected);
    assertThat(PhoneNumbers.normaliseSender("33" + written.substring(1).replace(" ", ""), "FR"))
        .isEqualTo(expected);
  }

  @Test
  void overseasNationalFormsResolveFromAnyRegionOfThePlan() {
    // A Réunion business importing a Guadeloupe number or a metropolitan one.
    assertThat(PhoneNumbers.normaliseMobile("0690 12 34 56", "RE"))
        .isEqualTo(new Normalised("+590690123456", "GP"));
    assertThat(PhoneNumbers.normaliseMobile("06 12 34 56 78", "RE"))
        .isEqualTo(new Normalised("+33612345678", "FR"));
    assertThat(PhoneNumbers.normaliseMobile("0692 12 34 56", "RE"))
        .isEqualTo(new Normalised("+262692123456", "RE"));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"0691 12 34 56", "0639 12 34 56", "0694 39 12 34", "0693 14 12 34"})
  void overseasBlocksNumbersThatExistNowhereAreRefusedOnEveryPath(String written) {
    // Blocks of Guadeloupe, Mayotte, Guiana and Réunion whose ranges are not allocated: there is
    // no +33 number there either, so the lenient path refuses rather than invents one.
    Rejected invalid = new Rejected(PhoneNumbers.INVALID_NUMBER);
    assertThat(PhoneNumbers.normaliseMobile(written, "FR")).isEqualTo(invalid);
    assertThat(PhoneNumbers.normalise(written, "FR")).isEqualTo(invalid);
    assertThat(PhoneNumbers.normalise("+33 " + written.substring(1), "FR")).isEqualTo(invalid);
    assertThat(PhoneNumbers.normaliseSender(written.replace(" ", ""), "FR")).isEqualTo(invalid);
  }

  @Test
  void aNumberWithTheCodeOfItsOwnBlockStaysLenient() {
    // +590 691 1x is Guadeloupe's block, newer than the metadata maybe: an opt-out must stick.
    assertThat(PhoneNumbers.normalise("+590 691 12 34 56", "FR"))
        .isEqualTo(new Normalised("+590691123456", ""));
    // ...but the same digits under Réunion's code are in no block of Réunion's.
    assertThat(PhoneNumbers.normalise("+262 691 12 34 56", "FR"))
        .isEqualTo(new Rejected(PhoneNumbers.INVALID_NUMBER));
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(
      strings = {
        "06 12 34 56 78",
        "06 95 12 34 56",
        "06 98 12 34 56",
        "06 99 12 34 56",
        "06 38 12 34 56",
        "07 81 23 45 67"
      })
  void metropolitanMobilesNextToTheOverseasBlocksStayFrench(String written) {
    String e164 = "+33" + written.replace(" ", "").substring(1);
    Normalised expected = new Normalised(e164, "FR");
    assertThat(PhoneNumbers.normaliseMobile(written, "FR")).isEqualTo(expected);
    assertThat(PhoneNumbers.normalise(written, "FR")).isEqualTo(expected);
    assertThat(PhoneNumbers.normaliseSender(written.replace(" ", ""), "FR")).isEqualTo(expected);
    assertThat(PhoneNumbers.normaliseSender(e164.substring(1), "FR")).isEqualTo(expected);
  }

  @Test
  void overseasFixedLinesAreTheirsButNotMobiles() {
    assertThat(PhoneNumbers.normalise("0590 27 12 34", "FR"))
        .isEqualTo(new Normalised("+590590271234", "BL"));
    assertThat(PhoneNumbers.normaliseMobile("0262 16 12 34", "FR"))
        .isEqualTo(new Rejected(PhoneNumbers.NOT_MOBILE));
  }

  @Test
  void saintPierreEtMiquelonHasNoFrenchNationalForm() {
    assertThat(PhoneNumbers.normaliseMobile("+508 55 12 34", "FR"))
        .isEqualTo(new Normalised("+508551234", "PM"));
    // Six digits are no French number; 0508 is read by libphonenumber as a metropolitan fixed line.
    assertThat(PhoneNumbers.normaliseMobile("055 12 34", "FR"))
        .isEqualTo(new Rejected(PhoneNumbers.INVALID_NUMBER));
    assertThat(PhoneNumbers.normaliseMobile("05 08 55 12 34", "FR"))
        .isEqualTo(new Rejected(PhoneNumbers.NOT_MOBILE));
  }

  @Test
  void theOverseasBlocksAreReadFromTheMetadata() {
    assertThat(FrenchNumberingPlan.territorialBlocks(590)).contains("590", "690", "691", "709");
    assertThat(FrenchNumberingPlan.territorialBlocks(262)).contains("262", "639", "692", "693");
    assertThat(FrenchNumberingPlan.territorialBlocks(594)).contains("594", "694");
    assertThat(FrenchNumberingPlan.territorialBlocks(596)).contains("596", "696", "697");
    assertThat(FrenchNumberingPlan.territorialBlocks(33)).doesNotContain("690", "639", "262");
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
