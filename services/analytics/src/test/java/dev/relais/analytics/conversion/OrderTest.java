package dev.relais.analytics.conversion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import dev.relais.proto.analytics.v1.RecordConversionRequest;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrderTest {

  private static final Instant NOW = Instant.parse("2026-04-10T12:00:00Z");

  @Test
  void aNationalNumberBecomesE164AndAnUnsetTimeIsNow() {
    Order order = Order.of(report("06 12 34 56 78", "49.90", "EUR").build(), "FR", NOW);

    assertThat(order.phone()).isEqualTo("+33612345678");
    assertThat(order.amount()).isEqualTo(new BigDecimal("49.90"));
    assertThat(order.currency()).isEqualTo("EUR");
    assertThat(order.at()).isEqualTo(NOW);
    assertThat(order.toString()).doesNotContain("612345678");
  }

  @ParameterizedTest
  @CsvSource({
    "0690 12 34 56, +590690123456",
    "0692 12 34 56, +262692123456",
    "0639 01 23 45, +262639012345",
    "+33 6 12 34 56 78, +33612345678"
  })
  void anOverseasNumberWrittenTheFrenchWayIsKeyedAsContactsKeyedIt(String written, String e164) {
    // The contact of 0690 12 34 56 was imported as +590690123456; +33690123456 exists for no one.
    assertThat(Order.of(report(written, "1", "EUR").build(), "FR", NOW).phone()).isEqualTo(e164);
  }

  @Test
  void anE164NumberAndAnOrderTimeAreKeptAsGiven() {
    Order order =
        Order.of(
            report("+32470123456", "10", "EUR")
                .setOccurredAt(Timestamp.newBuilder().setSeconds(1_700_000_000))
                .build(),
            "FR",
            NOW);

    assertThat(order.phone()).isEqualTo("+32470123456");
    assertThat(order.at()).isEqualTo(Instant.ofEpochSecond(1_700_000_000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "-5", "1e3", "49,90", "1.23456", " ", "NaN"})
  void aBadAmountIsRefusedNamingTheField(String amount) {
    assertThatThrownBy(() -> Order.of(report("+33612345678", amount, "EUR").build(), "FR", NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amount");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "eur", "EURO", "XYZ"})
  void aCurrencyThatIsNoIso4217CodeIsRefused(String currency) {
    assertThatThrownBy(() -> Order.of(report("+33612345678", "1", currency).build(), "FR", NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ISO 4217");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "hello", "12", "+0612345678"})
  void aBadNumberIsRefusedWithoutQuotingIt(String phone) {
    assertThatThrownBy(() -> Order.of(report(phone, "1", "EUR").build(), "FR", NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("phone")
        .satisfies(e -> {
          if (!phone.isBlank()) {
            assertThat(e.getMessage()).doesNotContain(phone);
          }
        });
  }

  @Test
  void anOrderIdIsRequiredAndBounded() {
    assertThatThrownBy(
            () -> Order.of(report("+33612345678", "1", "EUR").setOrderId(" ").build(), "FR", NOW))
        .hasMessage("order_id is required");
    assertThatThrownBy(() ->
            Order.of(
                report("+33612345678", "1", "EUR").setOrderId("x".repeat(257)).build(), "FR", NOW))
        .hasMessageContaining("at most 256");
  }

  private static RecordConversionRequest.Builder report(
      String phone, String amount, String currency) {
    return RecordConversionRequest.newBuilder()
        .setOrderId("A-1001")
        .setPhone(phone)
        .setAmount(amount)
        .setCurrency(currency);
  }
}
