package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.SenderIdSpec;
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
    "longnumber, +33 6 12 34 56 78",
    "alphanumeric, +33612345678",
    "shortcode, +33612345678",
    "email, +33612345678"
  })
  void refusesFrenchMobileNumbersAsBusinessSenders(String type, String value) {
    assertThat(SenderIdValidator.problems(spec(type, value)))
        .contains("French mobile numbers (+33 6, +33 7) cannot be business senders");
  }

  @Test
  void anAlphanumericSenderHasAtMostElevenCharacters() {
    assertThat(SenderIdValidator.problems(spec("alphanumeric", "ACMESHOPPING")))
        .containsExactly("an alphanumeric sender has at most 11 letters, digits or spaces");
  }

  @Test
  void anAlphanumericSenderNeedsALetter() {
    assertThat(SenderIdValidator.problems(spec("alphanumeric", "12345")))
        .containsExactly("an alphanumeric sender needs at least one letter");
  }

  @ParameterizedTest
  @CsvSource({"12", "123456789", "36A11"})
  void aShortCodeHasThreeToEightDigits(String value) {
    assertThat(SenderIdValidator.problems(spec("shortcode", value)))
        .containsExactly("a short code has 3 to 8 digits");
  }

  @ParameterizedTest
  @CsvSource({"0159000000", "+0159000000", "+3315", "+1234567890123456"})
  void aLongNumberIsE164(String value) {
    assertThat(SenderIdValidator.problems(spec("longnumber", value)))
        .containsExactly("a long number is an E.164 number such as +33159000000");
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
