package dev.relais.analytics.conversion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.analytics.v1.Money;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RevenueTallyTest {

  @Test
  void amountsAddUpExactlyPerCurrencyWhereDoublesWouldDrift() {
    RevenueTally tally = new RevenueTally();
    // 0.1 + 0.2 is 0.30000000000000004 in floating point.
    tally.add("A", "EUR", new BigDecimal("0.1"));
    tally.add("A", "EUR", new BigDecimal("0.2"));
    tally.add("B", "EUR", new BigDecimal("49.90"));
    tally.add("B", "CHF", new BigDecimal("10"));
    tally.add("", "EUR", new BigDecimal("0.0001"));

    assertThat(tally.conversions()).isEqualTo(5);
    assertThat(tally.revenue()).containsExactly(money("CHF", "10"), money("EUR", "50.2001"));
    assertThat(tally.variant("A").conversions()).isEqualTo(2);
    assertThat(tally.variant("A").revenue()).containsExactly(money("EUR", "0.3"));
    assertThat(tally.variant("B").revenue())
        .containsExactly(money("CHF", "10"), money("EUR", "49.90"));
    assertThat(tally.variants()).containsOnlyKeys("A", "B");
  }

  @Test
  void aVariantWithoutConversionsHasNone() {
    RevenueTally tally = new RevenueTally();
    assertThat(tally.variant("A").conversions()).isZero();
    assertThat(tally.variant("A").revenue()).isEmpty();
    assertThat(tally.revenue()).isEmpty();
  }

  private static Money money(String currency, String amount) {
    return Money.newBuilder().setCurrency(currency).setAmount(amount).build();
  }
}
