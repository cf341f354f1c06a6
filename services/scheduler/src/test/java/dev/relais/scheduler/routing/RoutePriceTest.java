package dev.relais.scheduler.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RoutePriceTest {

  @Test
  void parsesADeclaredPrice() {
    RoutePrice price = RoutePrice.parse("0.045", "");

    assertThat(price).isEqualTo(new RoutePrice(new BigDecimal("0.045"), "EUR"));
    assertThat(price.micros(3)).isEqualTo(135_000);
    assertThat(RoutePrice.parse("", "EUR").known()).isFalse();
  }

  @Test
  void refusesWhatIsNotAnAmountOrACurrency() {
    assertThatThrownBy(() -> RoutePrice.parse("4,5 cts", "EUR"))
        .hasMessage("cost per segment '4,5 cts' must be a decimal amount such as 0.045");
    assertThatThrownBy(() -> RoutePrice.parse("0.05", "euro"))
        .hasMessage("currency 'euro' must be an ISO 4217 code such as EUR");
  }
}
