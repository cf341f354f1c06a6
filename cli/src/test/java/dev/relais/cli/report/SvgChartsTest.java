package dev.relais.cli.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class SvgChartsTest {

  private final SvgCharts charts = new SvgCharts(ZoneId.of("Europe/Paris"));

  @Test
  void barsAreAsLongAsTheirValuesOnAZeroBasedAxis() throws Exception {
    Report.BarChart chart =
        new Report.BarChart(
            "Suppressed by reason",
            "contacts",
            List.of(
                new Report.Bar("no-consent", 1_500, Report.Tone.WARNING),
                new Report.Bar("opted-out", 750, Report.Tone.WARNING),
                new Report.Bar("invalid", 0, Report.Tone.MUTED)));

    Document svg = parse(charts.bars(chart, "c1"));

    List<Element> bars = elements(svg, "rect", "bar");
    assertThat(bars).hasSize(3);
    double first = width(bars.get(0));
    double second = width(bars.get(1));
    assertThat(second / first).isCloseTo(0.5, within(1e-9));
    assertThat(width(bars.get(2))).isZero();
    // The largest bar ends at the top of the scale (1,500 is a round maximum), filling the area.
    assertThat(first).isCloseTo(SvgCharts.BAR_AREA, within(1e-9));
    assertThat(texts(svg, "tick")).containsExactly("0", "500", "1,000", "1,500");
    assertThat(texts(svg, "label")).containsExactly("no-consent", "opted-out", "invalid");
    assertThat(texts(svg, "value")).containsExactly("1,500", "750", "0");
    assertThat(bars.get(0).getAttribute("fill")).isEqualTo(SvgCharts.colour(Report.Tone.WARNING));
    assertThat(svg.getDocumentElement().getAttribute("role")).isEqualTo("img");
    assertThat(svg.getElementsByTagName("desc").item(0).getTextContent())
        .isEqualTo("no-consent: 1,500; opted-out: 750; invalid: 0");
  }

  @Test
  void aBarBelowTheRoundMaximumIsShorterThanTheAxis() throws Exception {
    Report.BarChart chart =
        new Report.BarChart(
            "Outcomes", "messages", List.of(new Report.Bar("Delivered", 1_234, Report.Tone.GOOD)));

    Document svg = parse(charts.bars(chart, "c"));

    assertThat(texts(svg, "tick")).containsExactly("0", "500", "1,000", "1,500");
    assertThat(width(elements(svg, "rect", "bar").get(0)))
        .isCloseTo(SvgCharts.BAR_AREA * 1_234 / 1_500.0, within(0.01));
  }

  @Test
  void columnsPerBucketAreAsHighAsTheirValuesWithTimeLabelsInTheCampaignsZone() throws Exception {
    Instant start = Instant.parse("2026-03-02T08:00:00Z"); // 09:00 in Paris
    List<Instant> starts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      starts.add(start.plusSeconds(60L * i));
    }
    Report.TimeChart chart =
        new Report.TimeChart(
            "Submitted and delivered per minute",
            Duration.ofMinutes(1),
            starts,
            List.of(
                new Report.Series("Submitted", Report.Tone.NEUTRAL, List.of(200L, 100L, 0L)),
                new Report.Series("Delivered", Report.Tone.GOOD, List.of(150L, 100L, 50L))));

    Document svg = parse(charts.columns(chart, "t"));

    List<Element> columns = elements(svg, "rect", "column");
    assertThat(columns).hasSize(6);
    double submitted0 = height(columns.get(0));
    assertThat(submitted0).isCloseTo(SvgCharts.TIME_PLOT_HEIGHT, within(1e-9));
    assertThat(height(columns.get(1)) / submitted0).isCloseTo(0.75, within(1e-9));
    assertThat(height(columns.get(2)) / submitted0).isCloseTo(0.5, within(1e-9));
    assertThat(height(columns.get(4))).isZero();
    // Every column stands on the axis.
    for (Element column : columns) {
      assertThat(Double.parseDouble(column.getAttribute("y")) + height(column))
          .isCloseTo(SvgCharts.TIME_TOP + SvgCharts.TIME_PLOT_HEIGHT, within(1e-6));
    }
    assertThat(columns.get(1).getAttribute("data-series")).isEqualTo("Delivered");
    assertThat(texts(svg, "tick"))
        .containsSubsequence("0", "50", "100", "150", "200")
        .containsSubsequence("09:00", "09:01", "09:02")
        .contains("Time (Europe/Paris), one minute per column");
    assertThat(texts(svg, "legend")).containsExactly("Submitted", "Delivered");
  }

  @Test
  void labelsAreEscaped() throws Exception {
    Report.BarChart chart =
        new Report.BarChart(
            "<script>", "x", List.of(new Report.Bar("a<b & \"c\"", 1, Report.Tone.BAD)));

    String svg = charts.bars(chart, "e");

    assertThat(svg).doesNotContain("<script>").contains("a&lt;b &amp; &quot;c&quot;");
    assertThat(texts(parse(svg), "label")).containsExactly("a<b & \"c\"");
  }

  static Document parse(String svg) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new InputSource(new StringReader(svg)));
  }

  private static List<Element> elements(Document svg, String tag, String cssClass) {
    NodeList nodes = svg.getElementsByTagName(tag);
    List<Element> found = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element element = (Element) nodes.item(i);
      if (element.getAttribute("class").equals(cssClass)) {
        found.add(element);
      }
    }
    return found;
  }

  private static List<String> texts(Document svg, String cssClass) {
    return elements(svg, "text", cssClass).stream().map(Element::getTextContent).toList();
  }

  private static double width(Element rect) {
    return Double.parseDouble(rect.getAttribute("width"));
  }

  private static double height(Element rect) {
    return Double.parseDouble(rect.getAttribute("height"));
  }
}
