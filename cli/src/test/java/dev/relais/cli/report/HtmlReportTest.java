package dev.relais.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class HtmlReportTest {

  @Test
  void thePageIsSelfContainedWithEveryFigureAndChart() {
    Report report =
        CampaignReportBuilder.build(
            CampaignReportBuilderTest.results(
                CampaignReportBuilderTest.completedCampaign(),
                CampaignReportBuilderTest.stats(),
                CampaignReportBuilderTest.timeline()));

    String html = new HtmlReport(ZoneId.of("Europe/Paris")).render(report);

    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("<title>Campaign relais-demo/winter-sale</title>")
        .contains(
            "<div class=\"figure\" id=\"figure-delivered\"><span class=\"label\">Delivered</span>"
                + "<span class=\"value\">10,140</span>")
        .contains(
            "id=\"figure-delivery-rate\"><span class=\"label\">Delivery rate</span>"
                + "<span class=\"value\">97.5%</span>")
        .contains("<section id=\"delivery-over-time\">", "<section id=\"outcomes\">")
        .contains("<section id=\"audience\">", "<section id=\"cost\">");
    assertThat(html.split("<svg ", -1)).hasSize(1 + 4);
    // Nothing to fetch: no script, no style sheet or font link, no URL but the SVG namespace.
    assertThat(html).doesNotContain("<script", "<link", "@import", "url(", "src=");
    assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http:", "https:");
  }

  @Test
  void slugsNameTheFigureTiles() {
    assertThat(HtmlReport.slug("Delivery rate")).isEqualTo("delivery-rate");
    assertThat(HtmlReport.slug("Opt-outs")).isEqualTo("opt-outs");
  }
}
