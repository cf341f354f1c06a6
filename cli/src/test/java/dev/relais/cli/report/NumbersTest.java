package dev.relais.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NumbersTest {

  @Test
  void writesCountsPercentagesAndMoneyReadably() {
    assertThat(Numbers.count(1_234_567)).isEqualTo("1,234,567");
    assertThat(Numbers.count(0)).isEqualTo("0");
    assertThat(Numbers.percent(0.975)).isEqualTo("97.5%");
    assertThat(Numbers.percent(1)).isEqualTo("100%");
    assertThat(Numbers.percent(0.12345)).isEqualTo("12.3%");
    assertThat(Numbers.money("1234.5", "EUR")).isEqualTo("1,234.50 EUR");
    assertThat(Numbers.money("0.0777", "EUR")).isEqualTo("0.0777 EUR");
    assertThat(Numbers.money("1500", "JPY")).isEqualTo("1,500 JPY");
  }
}
