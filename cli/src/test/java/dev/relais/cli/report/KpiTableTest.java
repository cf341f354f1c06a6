package dev.relais.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KpiTableTest {

  @Test
  void alignsValuesRightInOneColumnAndListsBarChartsAsRows() {
    Report report =
        CampaignReportBuilder.build(
            CampaignReportBuilderTest.results(
                CampaignReportBuilderTest.completedCampaign(),
                CampaignReportBuilderTest.stats(),
                CampaignReportBuilderTest.timeline()));

    String table = KpiTable.render(report);
    List<String> lines = table.lines().toList();

    assertThat(lines.get(0)).isEqualTo("Campaign relais-demo/winter-sale");
    assertThat(lines).contains("  Phase: Completed");
    String delivered = line(lines, "Delivered ");
    String audience = line(lines, "Audience ");
    String noConsent = line(lines, "  no-consent");
    // The last digit of every value sits in the same column.
    int end = delivered.indexOf("10,140") + "10,140".length();
    assertThat(audience.indexOf("12,000") + "12,000".length()).isEqualTo(end);
    assertThat(noConsent.indexOf("900") + "900".length()).isEqualTo(end);
    assertThat(delivered).endsWith("confirmed by a receipt");
    assertThat(line(lines, "Delivery rate")).contains("97.5%");
    assertThat(lines).contains("Suppressed by reason");
    assertThat(table).doesNotContain("Submitted, delivered and failed per");
  }

  private static String line(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
  }
}
