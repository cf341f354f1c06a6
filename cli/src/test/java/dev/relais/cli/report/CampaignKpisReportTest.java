package dev.relais.cli.report;

import static dev.relais.cli.report.CampaignReportBuilderTest.completedCampaign;
import static dev.relais.cli.report.CampaignReportBuilderTest.figures;
import static dev.relais.cli.report.CampaignReportBuilderTest.results;
import static dev.relais.cli.report.CampaignReportBuilderTest.section;
import static dev.relais.cli.report.CampaignReportBuilderTest.stats;
import static dev.relais.cli.report.CampaignReportBuilderTest.timeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.operator.api.Campaign;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.Money;
import dev.relais.proto.analytics.v1.VariantStats;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The campaign report's KPIs: clicks, rates, conversions, revenue and ROI, per variant too. */
class CampaignKpisReportTest {

  private static Money eur(String amount) {
    return Money.newBuilder().setCurrency("EUR").setAmount(amount).build();
  }

  private static Campaign.Money cost(String amount) {
    Campaign.Money money = new Campaign.Money();
    money.amount = amount;
    money.currency = "EUR";
    return money;
  }

  private static Campaign.Kpis clicks(long clicks, long unique, long bots) {
    Campaign.Kpis kpis = new Campaign.Kpis();
    kpis.clicks = clicks;
    kpis.uniqueClicks = unique;
    kpis.botClicks = bots;
    return kpis;
  }

  private static Campaign.VariantStatus variant(String name, Campaign.Kpis kpis, String cost) {
    Campaign.VariantStatus variant = new Campaign.VariantStatus();
    variant.name = name;
    variant.kpis = kpis;
    variant.cost = List.of(cost(cost));
    return variant;
  }

  /** The completed campaign of CampaignReportBuilderTest, with its A/B variants' clicks. */
  private static Campaign abTest() {
    Campaign campaign = completedCampaign();
    campaign.getStatus().kpis = clicks(1_450, 1_300, 40);
    campaign.getStatus().variants =
        List.of(
            variant("a", clicks(1_100, 1_000, 30), "551.25"),
            variant("b", clicks(350, 300, 10), "236.25"));
    return campaign;
  }

  private static CampaignStats converted() {
    return stats().toBuilder()
        .setConversions(253)
        .addRevenue(eur("2362.50"))
        .addVariants(
            VariantStats.newBuilder()
                .setVariant("a")
                .setDelivered(7_100)
                .setOptedOut(8)
                .setConversions(200)
                .addRevenue(eur("1800.00")))
        .addVariants(
            VariantStats.newBuilder()
                .setVariant("b")
                .setDelivered(3_040)
                .setOptedOut(4)
                .setConversions(53)
                .addRevenue(eur("562.50")))
        .build();
  }

  @Test
  void theCampaignsKpisAreFiguresOfTheReport() {
    Report report = CampaignReportBuilder.build(results(abTest(), converted(), timeline()));

    assertThat(figures(report, "engagement"))
        .containsEntry("Unique clicks", "1,300")
        // 1,300 / 10,140 delivered
        .containsEntry("Click rate", "12.8%")
        .containsEntry("Opt-out rate", "0.1%")
        .containsEntry("Conversions", "253")
        .containsEntry("Conversion rate", "2.5%")
        .containsEntry("Revenue", "2,362.50 EUR")
        .containsEntry("Revenue per message", "0.233 EUR")
        // (2,362.50 - 787.50) / 787.50
        .containsEntry("ROI", "200%");
  }

  @Test
  void theVariantsAreComparedInTheTerminalAndTheHtmlReport() {
    Report report = CampaignReportBuilder.build(results(abTest(), converted(), timeline()));

    String terminal = KpiTable.render(report);
    assertThat(terminal)
        .contains("Variants compared")
        .containsPattern(
            "Variant +Delivered +Unique clicks +Click rate +Opt-out rate +Conversions"
                + " +Conversion rate +Revenue +Cost +ROI")
        .containsPattern(
            "\\ba +7,100 +1,000 +14.1% +0.1% +200 +2.8% +1,800.00 EUR +551.25 EUR +226.5%")
        .containsPattern("\\bb +3,040 +300 +9.9% +0.1% +53 +1.7% +562.50 EUR +236.25 EUR +138.1%")
        .contains("Unique clicks by variant")
        .contains("Conversions by variant");

    String html = new HtmlReport(ZoneId.of("Europe/Paris")).render(report);
    assertThat(html)
        .contains(
            "<tr><th scope=\"row\">a</th><td>7,100</td><td>1,000</td><td>14.1%</td><td>0.1%</td>"
                + "<td>200</td><td>2.8%</td><td>1,800.00 EUR</td><td>551.25 EUR</td>"
                + "<td>226.5%</td></tr>")
        .contains("<h3>Unique clicks by variant</h3>")
        .contains("<h3>Conversions by variant</h3>");
  }

  @Test
  void clicksNotTrackedAreSaidSoAndNoConversionIsALoss() {
    Campaign campaign = completedCampaign();
    campaign.getStatus().variants = List.of(variant("a", null, "551.25"));
    CampaignStats stats =
        stats().toBuilder()
            .addVariants(VariantStats.newBuilder().setVariant("a").setDelivered(7_100))
            .build();

    Report report = CampaignReportBuilder.build(results(campaign, stats, timeline()));

    assertThat(figures(report, "engagement"))
        .containsEntry("Unique clicks", "not tracked")
        .containsEntry("Click rate", "not known")
        .containsEntry("Conversions", "0")
        .containsEntry("Revenue", "none recorded")
        .containsEntry("ROI", "-100%")
        .doesNotContainKey("Revenue per message");
    assertThat(KpiTable.render(report))
        .containsPattern("\\ba +7,100 +— +— +0% +0 +0% +— +551.25 EUR +-100%");
    assertThat(section(report, "variants").blocks())
        .noneMatch(b -> b instanceof Report.BarChart c && c.title().startsWith("Unique clicks"));
  }
}
