package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.SenderIdSpec;
import dev.relais.sms.address.SenderIdRules;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenderIdValidatorTest {

  @ParameterizedTest
  @CsvSource({
    "alphanumeric, RELAIS",
    "alphanumeric, Acme Shop",
    "alphanumeric, ACME2025ABC",
    "alphanumeric, 36ABC",
    "shortcode, 361",
    "shortcode, 36111",
    "shortcode, 33700", // a short code, not a mobile number written without its '+'
    "shortcode, 12345678",
    "longnumber, +33159000000",
    "longnumber, +447700900123",
    "longnumber, +33987654321"
  })
  void acceptsSendersCarriersAccept(String type, String value) {
    assertThat(SenderIdValidator.problems(spec(type, value))).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "longnumber, +33612345678",
    "longnumber, +33712345678",
    "longnumber, +590690123456",
    "longnumber, +262692123456",
    "longnumber, +262639012345",
    "longnumber, +596696123456",
    "longnumber, +594694201234",
    "alphanumeric, +33612345678",
    "shortcode, +33612345678",
    "email, +33612345678",
    "email, +590690123456"
  })
  void refusesPersonalMobileNumbersOfFranceAndOverseasAsBusinessSenders(String type, String value) {
    assertThat(SenderIdValidator.problems(spec(type, value)))
        .contains(SenderIdRules.FRENCH_MOBILE_MESSAGE);
  }

  @Test
  void anElevenCharacterSenderWithAForbiddenCharacterIsRefusedForTheCharacter() {
    assertThat(SenderIdValidator.problems(spec("alphanumeric", "Shop&Co 123")))
        .containsExactly(
            "'&' cannot appear in an alphanumeric sender, which may hold only letters A to Z"
                + " without accents, digits and spaces");
  }

  @Test
  void anAlphanumericSenderHasAtMostElevenCharacters() {
    assertThat(SenderIdValidator.problems(spec("alphanumeric", "ACMESHOPPING")))
        .containsExactly(
            "an alphanumeric sender has at most 11 characters, spaces included (this one has 12)");
  }

  @Test
  void anAlphanumericSenderNeedsALetter() {
    assertThat(SenderIdValidator.problems(spec("alphanumeric", "12345")))
        .containsExactly(SenderIdRules.LETTER_MESSAGE);
  }

  @Test
  void aShortCodeHasThreeToEightDigits() {
    assertThat(SenderIdValidator.problems(spec("shortcode", "12")))
        .containsExactly("a short code has 3 to 8 digits (this one has 2)");
    assertThat(SenderIdValidator.problems(spec("shortcode", "36A11")))
        .containsExactly("'A' cannot appear in a short code, which has digits only");
  }

  @Test
  void aLongNumberInNationalFormIsToldToBeWrittenInE164() {
    assertThat(SenderIdValidator.problems(spec("longnumber", "0159000000")))
        .containsExactly(SenderIdRules.NATIONAL_NUMBER_MESSAGE);
    assertThat(SenderIdValidator.problems(spec("longnumber", "0612345678")))
        .containsExactly(
            SenderIdRules.FRENCH_MOBILE_MESSAGE, SenderIdRules.NATIONAL_NUMBER_MESSAGE);
    assertThat(SenderIdRules.NATIONAL_NUMBER_MESSAGE).contains("E.164").contains("+33");
  }

  @Test
  void anAlphanumericMarketingSenderMustGiveTheNumberToSendStopTo() {
    SenderIdSpec bare = spec("alphanumeric", "RELAIS");
    bare.stopMention = "STOP";
    SenderIdSpec withNumber = spec("alphanumeric", "RELAIS");
    withNumber.stopMention = "STOP au 36111";
    SenderIdSpec shortCode = spec("shortcode", "36111");
    shortCode.stopMention = "STOP";

    assertThat(SenderIdValidator.problems(bare))
        .containsExactly(SenderIdRules.STOP_MENTION_NUMBER_MESSAGE);
    assertThat(SenderIdValidator.problems(withNumber)).isEmpty();
    assertThat(SenderIdValidator.problems(shortCode)).isEmpty();
  }

  @Test
  void namesAnUnknownType() {
    assertThat(SenderIdValidator.problems(spec("email", "RELAIS")))
        .containsExactly("type must be alphanumeric, shortcode or longnumber, not 'email'");
  }

  @Test
  void reportsMissingFieldsAndBadCountries() {
    SenderIdSpec spec = spec("alphanumeric", null);
    spec.countries = List.of("FR", "france");

    assertThat(SenderIdValidator.problems(spec))
        .containsExactly("value is missing", "country 'france' is not an ISO 3166 code such as FR");
    assertThat(SenderIdValidator.problems(spec(null, "RELAIS")))
        .containsExactly("type is missing (alphanumeric, shortcode or longnumber)");
  }

  private static SenderIdSpec spec(String type, String value) {
    SenderIdSpec spec = new SenderIdSpec();
    spec.type = type;
    spec.value = value;
    return spec;
  }
}
