package dev.relais.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.model.CampaignKpis.Clicks;
import dev.relais.operator.model.CampaignKpis.Money;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The KPI arithmetic the Campaign status and the campaign report share. */
class CampaignKpisTest {

  private static Money eur(String amount) {
    return new Money(new BigDecimal(amount), "EUR");
  }

  private static CampaignKpis kpis(
      long delivered,
      Optional<Clicks> clicks,
      long conversions,
      List<Money> revenue,
      List<Money> cost) {
    return new CampaignKpis(delivered, 12, clicks, conversions, revenue, cost);
  }

  @Test
  void ratesAreCountsOverDeliveredMessages() {
    CampaignKpis kpis =
        kpis(
            800,
            Optional.of(new Clicks(130, 100, 9)),
            20,
            List.of(eur("1000.00")),
            List.of(eur("36.00")));

    assertThat(kpis.clickRate()).hasValue(0.125);
    assertThat(kpis.optOutRate()).hasValue(0.015);
    assertThat(kpis.conversionRate()).hasValue(0.025);
    assertThat(CampaignKpis.percent(kpis.clickRate().getAsDouble())).isEqualTo("12.5%");
    assertThat(CampaignKpis.percent(kpis.optOutRate().getAsDouble())).isEqualTo("1.5%");
  }

  @Test
  void nothingDeliveredGivesNoRateRatherThanZero() {
    CampaignKpis kpis =
        kpis(0, Optional.of(new Clicks(3, 2, 1)), 0, List.of(eur("10")), List.of(eur("5")));

    assertThat(kpis.clickRate()).isEmpty();
    assertThat(kpis.optOutRate()).isEmpty();
    assertThat(kpis.conversionRate()).isEmpty();
    assertThat(kpis.revenuePerMessage()).isEmpty();
    // ROI does not divide by delivered: it is known as soon as cost and revenue are.
    assertThat(kpis.roi()).hasValue(new BigDecimal("1.0000"));
  }

  @Test
  void aggregateOnlyTrackingCountsClicksButGivesNoClickRate() {
    Clicks aggregate = new Clicks(130, java.util.OptionalLong.empty(), 9);
    assertThat(kpis(800, Optional.of(aggregate), 0, List.of(), List.of()).clickRate()).isEmpty();
  }

  @Test
  void unknownClicksGiveNoClickRate() {
    assertThat(kpis(800, Optional.empty(), 0, List.of(), List.of()).clickRate()).isEmpty();
  }

  @Test
  void roiIsRevenueMinusCostOverCost() {
    CampaignKpis kpis = kpis(800, Optional.empty(), 20, List.of(eur("122.40")), List.of(eur("36")));

    assertThat(kpis.roi()).hasValue(new BigDecimal("2.4000"));
    assertThat(CampaignKpis.percent(kpis.roi().get().doubleValue())).isEqualTo("240%");
  }

  @Test
  void noRevenueRecordedIsALossOfTheWholeCost() {
    CampaignKpis kpis = kpis(800, Optional.empty(), 0, List.of(), List.of(eur("36.00")));

    assertThat(kpis.roi()).hasValue(new BigDecimal("-1.0000"));
    assertThat(CampaignKpis.percent(kpis.roi().get().doubleValue())).isEqualTo("-100%");
  }

  @Test
  void roiIsAbsentWhenCurrenciesDifferOrTheCostIsUnknown() {
    Money usd = new Money(new BigDecimal("50"), "USD");
    assertThat(kpis(800, Optional.empty(), 2, List.of(usd), List.of(eur("36"))).roi()).isEmpty();
    assertThat(kpis(800, Optional.empty(), 2, List.of(eur("60"), usd), List.of(eur("36"))).roi())
        .as("part of the revenue in another currency")
        .isEmpty();
    assertThat(kpis(800, Optional.empty(), 2, List.of(eur("60")), List.of(eur("36"), usd)).roi())
        .as("a cost in several currencies")
        .isEmpty();
    assertThat(kpis(800, Optional.empty(), 2, List.of(eur("60")), List.of()).roi())
        .as("no priced route")
        .isEmpty();
    assertThat(kpis(800, Optional.empty(), 2, List.of(eur("60")), List.of(eur("0"))).roi())
        .as("a zero cost")
        .isEmpty();
  }

  @Test
  void revenuePerMessageIsPerCurrencyRoundedHalfUpToFourDecimals() {
    CampaignKpis kpis =
        kpis(
            3,
            Optional.empty(),
            2,
            List.of(eur("100.00"), new Money(new BigDecimal("0.00005"), "USD")),
            List.of());

    assertThat(kpis.revenuePerMessage())
        .containsExactly(eur("33.3333"), new Money(new BigDecimal("0.0000"), "USD"));
    assertThat(
            kpis(2, Optional.empty(), 1, List.of(eur("0.00015")), List.of())
                .revenuePerMessage()
                .get(0)
                .amountText())
        .isEqualTo("0.0001");
    assertThat(
            kpis(2, Optional.empty(), 1, List.of(eur("0.00030")), List.of())
                .revenuePerMessage()
                .get(0)
                .amountText())
        .isEqualTo("0.0002");
  }

  @Test
  void ratesRoundToOneDecimal() {
    assertThat(CampaignKpis.percent(1.0 / 3)).isEqualTo("33.3%");
    assertThat(CampaignKpis.percent(2.0 / 3)).isEqualTo("66.7%");
    assertThat(CampaignKpis.percent(0.00049)).isEqualTo("0%");
    assertThat(CampaignKpis.percent(0.9996)).isEqualTo("100%");
    assertThat(CampaignKpis.percent(1)).isEqualTo("100%");
  }

  @Test
  void moneyParsesOnlyAnAmountInOneCurrency() {
    assertThat(Money.parse("12.34", "EUR")).hasValue(eur("12.34"));
    assertThat(Money.parse("12.34", "EUR (and others)")).isEmpty();
    assertThat(Money.parse("twelve", "EUR")).isEmpty();
    assertThat(Money.parse("12.34", "")).isEmpty();
  }
}
