package dev.relais.operator.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.model.CampaignStatusBuilder;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.ClickCounts;
import dev.relais.proto.scheduler.v1.CostPreview;
import dev.relais.proto.scheduler.v1.DeliveryCounts;
import dev.relais.proto.scheduler.v1.Money;
import dev.relais.proto.scheduler.v1.VariantStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The KPIs of the Campaign status, from the scheduler's campaign status as it answers it. */
class CampaignKpisStatusTest {

  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private static Money eur(String amount) {
    return Money.newBuilder().setAmount(amount).setCurrency("EUR").build();
  }

  private static ClickCounts clicks(long clicks, long unique, long bots) {
    return ClickCounts.newBuilder()
        .setClicks(clicks)
        .setUniqueClicks(unique)
        .setBotClicks(bots)
        .build();
  }

  private static Campaign.Status status(CampaignStatus fromScheduler) {
    Campaign campaign = new Campaign();
    campaign.setMetadata(
        new ObjectMetaBuilder()
            .withName("winter")
            .withNamespace("shop")
            .withGeneration(1L)
            .build());
    return CampaignStatusBuilder.fromProgress(
        campaign, GrpcSchedulerGateway.progress(fromScheduler, Optional.empty()), NOW);
  }

  private static final CampaignStatus AB_TEST =
      CampaignStatus.newBuilder()
          .setPhase(CampaignPhase.CAMPAIGN_PHASE_COMPLETED)
          .setQueued(1000)
          .setCost(CostPreview.newBuilder().setAmount("45.00").setCurrency("EUR"))
          .setDelivery(
              DeliveryCounts.newBuilder()
                  .setSubmitted(1000)
                  .setDelivered(800)
                  .setOptedOut(12)
                  .setConversions(20)
                  .addRevenue(eur("153.00")))
          .setClicks(clicks(130, 100, 9))
          .addVariants(
              VariantStatus.newBuilder()
                  .setName("a")
                  .setQueued(700)
                  .addCost(eur("31.50"))
                  .setClicks(clicks(110, 84, 6))
                  .setDelivery(
                      DeliveryCounts.newBuilder()
                          .setSubmitted(700)
                          .setDelivered(560)
                          .setOptedOut(7)
                          .setConversions(17)
                          .addRevenue(eur("126.00"))))
          .addVariants(
              VariantStatus.newBuilder()
                  .setName("b")
                  .setQueued(300)
                  .addCost(eur("13.50"))
                  .setClicks(clicks(20, 16, 3))
                  .setDelivery(
                      DeliveryCounts.newBuilder()
                          .setSubmitted(300)
                          .setDelivered(240)
                          .setOptedOut(5)
                          .setConversions(3)
                          .addRevenue(eur("27.00"))))
          .build();

  @Test
  void theCampaignAndEachVariantShowTheirKpis() {
    Campaign.Status status = status(AB_TEST);

    Campaign.Kpis kpis = status.kpis;
    assertThat(kpis.clicks).isEqualTo(130);
    assertThat(kpis.uniqueClicks).isEqualTo(100);
    assertThat(kpis.botClicks).isEqualTo(9);
    assertThat(kpis.clickRate).isEqualTo("12.5%");
    assertThat(kpis.optOutRate).isEqualTo("1.5%");
    assertThat(kpis.conversions).isEqualTo(20);
    assertThat(kpis.conversionRate).isEqualTo("2.5%");
    assertThat(kpis.revenue)
        .singleElement()
        .satisfies(m -> {
          assertThat(m.amount).isEqualTo("153.00");
          assertThat(m.currency).isEqualTo("EUR");
        });
    assertThat(kpis.revenuePerMessage)
        .singleElement()
        .satisfies(m -> {
          assertThat(m.amount).isEqualTo("0.1913");
          assertThat(m.currency).isEqualTo("EUR");
        });
    // (153 - 45) / 45
    assertThat(kpis.roi).isEqualTo("240%");

    Campaign.VariantStatus a = status.variants.get(0);
    assertThat(a.cost).singleElement().satisfies(m -> assertThat(m.amount).isEqualTo("31.50"));
    assertThat(a.kpis.uniqueClicks).isEqualTo(84);
    assertThat(a.kpis.clickRate).isEqualTo("15%");
    assertThat(a.kpis.optOutRate).isEqualTo("1.3%");
    assertThat(a.kpis.conversionRate).isEqualTo("3%");
    assertThat(a.kpis.roi).isEqualTo("300%");
    Campaign.VariantStatus b = status.variants.get(1);
    assertThat(b.kpis.clickRate).isEqualTo("6.7%");
    assertThat(b.kpis.conversionRate).isEqualTo("1.3%");
    assertThat(b.kpis.roi).isEqualTo("100%");
  }

  @Test
  void withoutClickFiguresNoClickKpiIsShownAndWithoutConversionsTheCostIsALoss() {
    CampaignStatus noLinks =
        AB_TEST.toBuilder()
            .clearClicks()
            .setDelivery(
                DeliveryCounts.newBuilder().setSubmitted(1000).setDelivered(800).setOptedOut(12))
            .clearVariants()
            .build();

    Campaign.Kpis kpis = status(noLinks).kpis;

    assertThat(kpis.clicks).isNull();
    assertThat(kpis.uniqueClicks).isNull();
    assertThat(kpis.botClicks).isNull();
    assertThat(kpis.clickRate).isNull();
    assertThat(kpis.conversions).isZero();
    assertThat(kpis.conversionRate).isEqualTo("0%");
    assertThat(kpis.revenue).isNull();
    assertThat(kpis.revenuePerMessage).isNull();
    assertThat(kpis.roi).isEqualTo("-100%");
  }

  @Test
  void revenueInAnotherCurrencyThanTheCostHasNoRoi() {
    CampaignStatus usd =
        AB_TEST.toBuilder()
            .setDelivery(
                AB_TEST.getDelivery().toBuilder()
                    .clearRevenue()
                    .addRevenue(eur("100.00"))
                    .addRevenue(Money.newBuilder().setAmount("40.00").setCurrency("USD")))
            .build();

    Campaign.Kpis kpis = status(usd).kpis;

    assertThat(kpis.revenue).extracting(m -> m.currency).containsExactly("EUR", "USD");
    assertThat(kpis.revenuePerMessage)
        .extracting(m -> m.amount + " " + m.currency)
        .containsExactly("0.1250 EUR", "0.0500 USD");
    assertThat(kpis.roi).isNull();
  }

  @Test
  void nothingDeliveredYetGivesNoRates() {
    CampaignStatus queued =
        CampaignStatus.newBuilder()
            .setPhase(CampaignPhase.CAMPAIGN_PHASE_SENDING)
            .setQueued(1000)
            .setDelivery(DeliveryCounts.getDefaultInstance())
            .setClicks(ClickCounts.getDefaultInstance())
            .build();

    Campaign.Kpis kpis = status(queued).kpis;

    assertThat(kpis.uniqueClicks).isZero();
    assertThat(kpis.clickRate).isNull();
    assertThat(kpis.optOutRate).isNull();
    assertThat(kpis.conversionRate).isNull();
    assertThat(kpis.roi).as("no cost known").isNull();
  }

  @Test
  void analyticsConversionsFillInWhenTheSchedulerReportsNoDelivery() {
    CampaignStatus withoutDelivery =
        CampaignStatus.newBuilder().setPhase(CampaignPhase.CAMPAIGN_PHASE_SENDING).build();
    CampaignProgress progress =
        GrpcSchedulerGateway.progress(
            withoutDelivery,
            Optional.of(
                CampaignStats.newBuilder()
                    .setSubmitted(10)
                    .setDelivered(10)
                    .setConversions(1)
                    .addRevenue(
                        dev.relais.proto.analytics.v1.Money.newBuilder()
                            .setCurrency("EUR")
                            .setAmount("59.90"))
                    .build()));

    CampaignProgress.Delivery delivery = progress.delivery().orElseThrow();
    assertThat(delivery.conversions()).isEqualTo(1);
    assertThat(delivery.revenue())
        .singleElement()
        .satisfies(m -> {
          assertThat(m.amountText()).isEqualTo("59.90");
          assertThat(m.currency()).isEqualTo("EUR");
        });
  }
}
