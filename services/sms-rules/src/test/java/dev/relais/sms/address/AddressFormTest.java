package dev.relais.sms.address;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressFormTest {

  @ParameterizedTest
  @CsvSource({
    "+33612345678, INTERNATIONAL, 33612345678",
    "+1234567, INTERNATIONAL, 1234567",
    "336123456, INTERNATIONAL, 336123456", // longer than any short code
    "12345678, SHORT_NUMBER, 12345678", // the longest short code a SenderId may have
    "36111, SHORT_NUMBER, 36111",
    "RELAIS, ALPHANUMERIC, RELAIS",
    "'Shop 24', ALPHANUMERIC, 'Shop 24'",
    "+, ALPHANUMERIC, +",
    "+33 6, ALPHANUMERIC, +33 6",
    "'', EMPTY, ''"
  })
  void formAndSmppDigits(String address, AddressForm form, String digits) {
    assertThat(AddressForm.of(address)).isEqualTo(form);
    assertThat(AddressForm.smppDigits(address)).isEqualTo(digits);
  }

  @ParameterizedTest
  @CsvSource({"361", "36111", "12345678", "+33159000000", "+447700900123"})
  void everyNumericSenderIdKeepsItsKind(String sender) {
    SenderKind kind = SenderIdRules.kindOf(sender).orElseThrow();
    assertThat(AddressForm.of(sender))
        .isEqualTo(
            kind == SenderKind.SHORT_CODE ? AddressForm.SHORT_NUMBER : AddressForm.INTERNATIONAL);
  }
}
