package dev.relais.sms.address;

import static dev.relais.sms.address.SenderIdRules.ALPHANUMERIC_MESSAGE;
import static dev.relais.sms.address.SenderIdRules.FRENCH_MOBILE_MESSAGE;
import static dev.relais.sms.address.SenderIdRules.LETTER_MESSAGE;
import static dev.relais.sms.address.SenderIdRules.LONG_NUMBER_MESSAGE;
import static dev.relais.sms.address.SenderIdRules.SHORT_CODE_MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenderIdRulesTest {

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
    "LONG_NUMBER, +33987654321"
  })
  void acceptsSendersCarriersAccept(SenderKind kind, String value) {
    assertThat(SenderIdRules.problems(kind, value)).isEmpty();
    assertThat(SenderIdRules.kindOf(value)).contains(kind);
  }

  @ParameterizedTest
  @CsvSource({
    "+33612345678",
    "+33712345678",
    "+33 6 12 34 56 78",
  })
  void refusesFrenchMobileNumbersWhateverTheKind(String value) {
    for (SenderKind kind : SenderKind.values()) {
      assertThat(SenderIdRules.problems(kind, value)).contains(FRENCH_MOBILE_MESSAGE);
    }
    assertThat(SenderIdRules.isFrenchMobile(value)).isTrue();
    assertThat(SenderIdRules.kindOf(value)).isEmpty();
  }

  @Test
  void namesEveryRuleAValueBreaks() {
    assertThat(SenderIdRules.problems(SenderKind.ALPHANUMERIC, "ACMESHOPPING"))
        .containsExactly(ALPHANUMERIC_MESSAGE);
    assertThat(SenderIdRules.problems(SenderKind.ALPHANUMERIC, "12345"))
        .containsExactly(LETTER_MESSAGE);
    assertThat(SenderIdRules.problems(SenderKind.ALPHANUMERIC, "123456789012"))
        .containsExactly(ALPHANUMERIC_MESSAGE, LETTER_MESSAGE);
    assertThat(SenderIdRules.problems(SenderKind.ALPHANUMERIC, "+33612345678"))
        .containsExactly(FRENCH_MOBILE_MESSAGE, ALPHANUMERIC_MESSAGE, LETTER_MESSAGE);
    assertThat(SenderIdRules.problems(SenderKind.SHORT_CODE, "36A11"))
        .containsExactly(SHORT_CODE_MESSAGE);
    assertThat(SenderIdRules.problems(SenderKind.LONG_NUMBER, "0159000000"))
        .containsExactly(LONG_NUMBER_MESSAGE);
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
    "33612345678",
    "+3315",
    "'RELAIS 2025 '" // checked as written: the trailing space makes it 12 characters
  })
  void valuesThatAreNoSenderOfAnyKind(String value) {
    assertThat(SenderIdRules.kindOf(value)).isEmpty();
  }
}
