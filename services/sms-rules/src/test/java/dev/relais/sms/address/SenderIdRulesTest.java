package dev.relais.sms.address;

import static dev.relais.sms.address.SenderIdRules.ALPHANUMERIC_CHARACTERS_MESSAGE;
import static dev.relais.sms.address.SenderIdRules.FRENCH_MOBILE_MESSAGE;
import static dev.relais.sms.address.SenderIdRules.INTERNATIONAL_PREFIX_MESSAGE;
import static dev.relais.sms.address.SenderIdRules.LONG_NUMBER_LENGTH_MESSAGE;
import static dev.relais.sms.address.SenderIdRules.NATIONAL_NUMBER_MESSAGE;
import static dev.relais.sms.address.SenderIdRules.STOP_MENTION_NUMBER_MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SenderIdRulesTest {

  private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

  /** France and the overseas departments and collectivities that share their numbering. */
  private static final List<String> FRENCH_REGIONS =
      List.of("FR", "GP", "BL", "MF", "GF", "MQ", "RE", "YT");

  @ParameterizedTest
  @CsvSource({
    "ALPHANUMERIC, RELAIS",
    "ALPHANUMERIC, Acme Shop",
    "ALPHANUMERIC, ACME2025ABC",
    "ALPHANUMERIC, 36ABC",
    "SHORT_CODE, 361",
    "SHORT_CODE, 36111",
    "SHORT_CODE, 33700", // starts like +33 7 without the '+': a short code, not a mobile
    "SHORT_CODE, 12345678",
    "LONG_NUMBER, +33159000000",
    "LONG_NUMBER, +447700900123",
    "LONG_NUMBER, +33987654321",
    "LONG_NUMBER, +590590123456", // Guadeloupe fixed line
    "LONG_NUMBER, +262262123456", // La Réunion fixed line
    "LONG_NUMBER, +596596123456" // Martinique fixed line
  })
  void acceptsSendersCarriersAccept(SenderKind kind, String value) {
    assertThat(SenderIdRules.problems(kind, value)).isEmpty();
    assertThat(SenderIdRules.kindOf(value)).contains(kind);
    assertThat(SenderIdRules.problems(value)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "+33612345678",
    "+33712345678",
    "+33 6 12 34 56 78",
    "+590690123456", // Guadeloupe, Saint-Barthélemy, Saint-Martin
    "+590 691 12 34 56",
    "+596696123456", // Martinique
    "+594694201234", // Guyane
    "+262692123456", // La Réunion
    "+262639012345", // Mayotte
    "0612345678",
    "06 12 34 56 78",
    "0690123456"
  })
  void refusesPersonalMobileNumbersWhateverTheKind(String value) {
    for (SenderKind kind : SenderKind.values()) {
      assertThat(SenderIdRules.problems(kind, value)).contains(FRENCH_MOBILE_MESSAGE);
    }
    assertThat(SenderIdRules.isFrenchMobile(value)).isTrue();
    assertThat(SenderIdRules.kindOf(value)).isEmpty();
  }

  @Test
  void everyMobileNumberLibphonenumberKnowsInFranceAndOverseasIsRefused() {
    List<String> accepted = new ArrayList<>();
    int mobiles = 0;
    for (String region : FRENCH_REGIONS) {
      int callingCode = PHONES.getCountryCodeForRegion(region);
      // Every 5-digit start of a 9-digit national number in 6 and 7, where the French plan puts
      // mobiles (metropolitan and overseas alike are 06 or 07 in national form).
      for (int start = 60000; start <= 79999; start++) {
        PhoneNumber number = new PhoneNumber().setCountryCode(callingCode);
        number.setNationalNumber(start * 10_000L + 1234);
        if (PHONES.isValidNumberForRegion(number, region)
            && PHONES.getNumberType(number) == PhoneNumberType.MOBILE) {
          mobiles++;
          String e164 = PHONES.format(number, PhoneNumberFormat.E164);
          if (!SenderIdRules.isFrenchMobile(e164)) {
            accepted.add(region + " " + e164);
          }
        }
      }
      PhoneNumber example = PHONES.getExampleNumberForType(region, PhoneNumberType.MOBILE);
      if (!SenderIdRules.isFrenchMobile(PHONES.format(example, PhoneNumberFormat.E164))) {
        accepted.add(region + " example " + PHONES.format(example, PhoneNumberFormat.E164));
      }
    }
    assertThat(mobiles).isGreaterThan(1000);
    assertThat(accepted).isEmpty();
  }

  @Test
  void fixedLinesOfFranceAndOverseasAreNotTakenForMobiles() {
    for (String region : FRENCH_REGIONS) {
      PhoneNumber fixed = PHONES.getExampleNumberForType(region, PhoneNumberType.FIXED_LINE);
      String e164 = PHONES.format(fixed, PhoneNumberFormat.E164);
      assertThat(SenderIdRules.isFrenchMobile(e164)).as(region + " " + e164).isFalse();
      assertThat(SenderIdRules.problems(SenderKind.LONG_NUMBER, e164)).as(e164).isEmpty();
    }
  }

  @Test
  void eachRefusalNamesTheRuleActuallyBroken() {
    // An 11-character name refused for its character, not for its length.
    assertThat(SenderIdRules.problems(SenderKind.ALPHANUMERIC, "Shop&Co 123"))
        .containsExactly(
            "'&' cannot appear in an alphanumeric sender, which may hold only letters A to Z"
                + " without accents, digits and spaces");
    assertThat(SenderIdRules.problems(SenderKind.ALPHANUMERIC, "Café O'Shop"))
        .containsExactly(
            "'é', ''' cannot appear in an alphanumeric sender, which may hold only letters A to Z"
                + " without accents, digits and spaces");
    assertThat(SenderIdRules.problems(SenderKind.ALPHANUMERIC, "ACMESHOPPING"))
        .containsExactly(
            "an alphanumeric sender has at most 11 characters, spaces included (this"
                + " one has 12)");
    assertThat(SenderIdRules.problems(SenderKind.ALPHANUMERIC, "12345"))
        .containsExactly(
            "an alphanumeric sender needs at least one letter (digits alone make a short code or a"
                + " long number)");
    assertThat(SenderIdRules.problems(SenderKind.SHORT_CODE, "36A11"))
        .containsExactly("'A' cannot appear in a short code, which has digits only");
    assertThat(SenderIdRules.problems(SenderKind.SHORT_CODE, "36 111"))
        .containsExactly("a space cannot appear in a short code, which has digits only");
    assertThat(SenderIdRules.problems(SenderKind.SHORT_CODE, "12"))
        .containsExactly("a short code has 3 to 8 digits (this one has 2)");
    assertThat(SenderIdRules.problems(SenderKind.SHORT_CODE, "123456789"))
        .containsExactly("a short code has 3 to 8 digits (this one has 9)");
    assertThat(SenderIdRules.problems(SenderKind.LONG_NUMBER, "33159000000"))
        .containsExactly("a long number starts with + and its country code, e.g. +33159000000");
    assertThat(SenderIdRules.problems(SenderKind.LONG_NUMBER, "+33 1 59 00 00 00"))
        .containsExactly(
            "a space cannot appear in a long number, which is + and digits only, e.g."
                + " +33159000000");
    assertThat(SenderIdRules.problems(SenderKind.LONG_NUMBER, "+033159000000"))
        .containsExactly(
            "a country code never starts with 0: a long number reads +33159000000, not"
                + " +033159000000");
    assertThat(SenderIdRules.problems(SenderKind.LONG_NUMBER, "+3315"))
        .containsExactly("a long number has 7 to 15 digits after the + (this one has 4)");
    assertThat(SenderIdRules.problems(SenderKind.LONG_NUMBER, "+1234567890123456"))
        .containsExactly("a long number has 7 to 15 digits after the + (this one has 16)");
  }

  @Test
  void aNumberInNationalFormIsToldToBeWrittenInE164() {
    assertThat(SenderIdRules.problems(SenderKind.LONG_NUMBER, "0159000000"))
        .containsExactly(
            "a phone number is written in E.164 form, not in national form: + and the country"
                + " code, then the number without its leading 0 (+33159000000 for 01 59 00 00 00)");
    assertThat(SenderIdRules.problems(SenderKind.LONG_NUMBER, "0612345678"))
        .containsExactly(FRENCH_MOBILE_MESSAGE, NATIONAL_NUMBER_MESSAGE);
    assertThat(SenderIdRules.problems(SenderKind.SHORT_CODE, "0159000000"))
        .containsExactly(
            NATIONAL_NUMBER_MESSAGE, "a short code has 3 to 8 digits (this one has 10)");
    assertThat(SenderIdRules.problems(SenderKind.LONG_NUMBER, "0033159000000"))
        .containsExactly(
            "a phone number is written in E.164 form, with + instead of 00 (+33159000000, not"
                + " 0033159000000)");
    assertThat(SenderIdRules.problems("01 59 00 00 00")).contains(NATIONAL_NUMBER_MESSAGE);
  }

  @Test
  void theMobileMessageListsTheOverseasRanges() {
    assertThat(FRENCH_MOBILE_MESSAGE)
        .isEqualTo(
            "mobile numbers of France and its overseas departments (+33 6/7, +590 690/691/709,"
                + " +594 694/709, +596 696/697/709, +262 692/693/639/709, 06, 07) are personal"
                + " and cannot be business senders");
  }

  @Test
  void brokenRulesGiveTheConstantMessagesInTheSameOrder() {
    assertThat(SenderIdRules.brokenRules(SenderKind.ALPHANUMERIC, "Café Crème du Coin"))
        .containsExactly(
            ALPHANUMERIC_CHARACTERS_MESSAGE, SenderIdRules.ALPHANUMERIC_LENGTH_MESSAGE);
    assertThat(SenderIdRules.brokenRules(SenderKind.LONG_NUMBER, "+0012"))
        .containsExactly(SenderIdRules.LONG_NUMBER_ZERO_MESSAGE, LONG_NUMBER_LENGTH_MESSAGE);
    assertThat(SenderIdRules.brokenRules(SenderKind.LONG_NUMBER, "0033612345678"))
        .containsExactly(INTERNATIONAL_PREFIX_MESSAGE);
  }

  @Test
  void theSenderOnlyKnownByItsValueIsExplainedAsTheKindItLooksLike() {
    assertThat(SenderIdRules.problems("Shop&Co"))
        .singleElement()
        .asString()
        .startsWith("'&' cannot appear in an alphanumeric sender");
    assertThat(SenderIdRules.problems("12"))
        .containsExactly("a short code has 3 to 8 digits (this one has 2)");
    assertThat(SenderIdRules.problems("+33 1 59 00 00 00"))
        .singleElement()
        .asString()
        .startsWith("a space cannot appear in a long number");
    assertThat(SenderIdRules.problems("+33612345678")).containsExactly(FRENCH_MOBILE_MESSAGE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"STOP 36111", "STOP au 36111", "Stop SMS au 36 111", "STOP: +33159000000"})
  void anAlphanumericSendersStopMentionGivesTheNumberToWriteTo(String mention) {
    assertThat(SenderIdRules.stopMentionProblems(SenderKind.ALPHANUMERIC, mention)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"STOP", "STOP SMS", "Répondez STOP", "STOP au 12", "Promo 2027 STOP"})
  void anAlphanumericSendersStopMentionWithoutANumberIsRefused(String mention) {
    assertThat(SenderIdRules.stopMentionProblems(SenderKind.ALPHANUMERIC, mention))
        .containsExactly(STOP_MENTION_NUMBER_MESSAGE);
    assertThat(STOP_MENTION_NUMBER_MESSAGE)
        .isEqualTo(
            "an alphanumeric sender cannot receive replies, so its STOP mention must give the"
                + " number to send STOP to, e.g. 'STOP au 36111'");
  }

  @Test
  void aSenderThatReceivesRepliesMayAskForAPlainStop() {
    assertThat(SenderIdRules.stopMentionProblems(SenderKind.SHORT_CODE, "STOP")).isEmpty();
    assertThat(SenderIdRules.stopMentionProblems(SenderKind.LONG_NUMBER, "STOP")).isEmpty();
    assertThat(SenderIdRules.stopMentionProblems(SenderKind.ALPHANUMERIC, "")).isEmpty();
    assertThat(SenderIdRules.stopMentionProblems(SenderKind.ALPHANUMERIC, null)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "''",
    "TWELVECHARSX",
    "O'Sushi", // punctuation is not in the subset every carrier shows
    "Shop&Co",
    "Café",
    "12",
    "123456789",
    "0612345678", // a national number is no sender of any kind
    "0159000000",
    "33612345678",
    "+3315",
    "'RELAIS 2025 '" // checked as written: the trailing space makes it 12 characters
  })
  void valuesThatAreNoSenderOfAnyKind(String value) {
    assertThat(SenderIdRules.kindOf(value)).isEmpty();
    assertThat(SenderIdRules.problems(value)).isNotEmpty();
  }
}
