package dev.relais.dispatch.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.junit.jupiter.api.Test;

/** TON/NPI of outgoing addresses, E.164 of inbound ones, SMPP absolute times. */
class SmppAddressTest {

  @Test
  void anE164NumberIsSentAsInternationalDigits() {
    assertThat(SmppAddress.of("+33612345678"))
        .isEqualTo(
            new SmppAddress(
                "33612345678", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN));
  }

  @Test
  void anAlphanumericSenderIsSentAsAlphanumeric() {
    assertThat(SmppAddress.of("RELAIS").ton()).isEqualTo(TypeOfNumber.ALPHANUMERIC);
    assertThat(SmppAddress.of("Shop 24").address()).isEqualTo("Shop 24");
  }

  @Test
  void aShortCodeIsNotMistakenForAnInternationalNumber() {
    assertThat(SmppAddress.of("36180"))
        .isEqualTo(new SmppAddress("36180", TypeOfNumber.UNKNOWN, NumberingPlanIndicator.ISDN));
    // The longest short code a SenderId may have (sms-rules' AddressForm and SenderIdRules agree).
    assertThat(SmppAddress.of("12345678").ton()).isEqualTo(TypeOfNumber.UNKNOWN);
    assertThat(SmppAddress.of("123456789").ton()).isEqualTo(TypeOfNumber.INTERNATIONAL);
  }

  @Test
  void anEmptySenderLetsTheSmscChoose() {
    assertThat(SmppAddress.of("").address()).isEmpty();
    assertThat(SmppAddress.of(null).ton()).isEqualTo(TypeOfNumber.UNKNOWN);
  }

  @Test
  void inboundNationalFormsAreNeverMadeIntoImpossibleInternationalNumbers() {
    assertThat(SmppAddress.inbound("0690123456", TypeOfNumber.INTERNATIONAL.value()))
        .isEqualTo("0690123456");
    assertThat(SmppAddress.inbound("0690123456", TypeOfNumber.NATIONAL.value()))
        .isEqualTo("0690123456");
  }

  @Test
  void inboundInternationalNumbersGetTheirPlusBack() {
    assertThat(SmppAddress.inbound("33612345678", TypeOfNumber.INTERNATIONAL.value()))
        .isEqualTo("+33612345678");
    assertThat(SmppAddress.inbound("36180", TypeOfNumber.UNKNOWN.value())).isEqualTo("36180");
    assertThat(SmppAddress.inbound("+33612345678", TypeOfNumber.INTERNATIONAL.value()))
        .isEqualTo("+33612345678");
  }

  @Test
  void absoluteTimesAreWrittenInUtcWithTenths() {
    assertThat(SmppTime.absolute(Instant.parse("2026-11-22T18:05:09.730Z")))
        .isEqualTo("261122180509700+")
        .hasSize(16);
  }
}
