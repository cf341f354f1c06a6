package dev.relais.cli.report;

import java.time.ZoneId;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link Report} as one self-contained HTML page: styles inline, charts as inline SVG, no
 * script and nothing fetched, so it opens from a file, a mail attachment or an archive years later.
 */
public final class HtmlReport {

  private static final String STYLE =
      """
      :root { color-scheme: light; --ink: #1d2433; --soft: #5b6475; --line: #e3e6ec;
        --panel: #ffffff; --page: #f4f6f9; --accent: #0072B2; }
      * { box-sizing: border-box; }
      body { margin: 0; background: var(--page); color: var(--ink);
        font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
        sans-serif; }
      header { background: var(--ink); color: #fff; padding: 28px 40px 24px; }
      header h1 { margin: 0 0 12px; font-size: 26px; font-weight: 600; }
      header dl { display: flex; flex-wrap: wrap; gap: 6px 28px; margin: 0; }
      header dt { font-size: 12px; text-transform: uppercase; letter-spacing: .06em;
        color: #b8c0d0; }
      header dd { margin: 0; font-variant-numeric: tabular-nums; }
      header div { display: flex; flex-direction: column; }
      main { max-width: 1080px; margin: 0 auto; padding: 24px 40px 48px; }
      section { background: var(--panel); border: 1px solid var(--line); border-radius: 10px;
        padding: 20px 24px; margin: 0 0 20px; }
      h2 { font-size: 18px; margin: 0 0 14px; font-weight: 600; }
      h3 { font-size: 14px; margin: 18px 0 8px; color: var(--soft); font-weight: 600; }
      .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr));
        gap: 12px; }
      .figure { border: 1px solid var(--line); border-left: 4px solid var(--accent);
        border-radius: 8px; padding: 10px 14px; }
      .figure .label { font-size: 12px; text-transform: uppercase; letter-spacing: .05em;
        color: var(--soft); }
      .figure .value { display: block; font-size: 24px; font-weight: 600;
        font-variant-numeric: tabular-nums; }
      .figure .detail { font-size: 12px; color: var(--soft); }
      .note { color: var(--soft); margin: 8px 0; }
      .table { overflow-x: auto; }
      table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
      th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: right;
        white-space: nowrap; }
      thead th { font-size: 12px; text-transform: uppercase; letter-spacing: .05em;
        color: var(--soft); font-weight: 600; }
      th[scope=row], thead th:first-child { text-align: left; }
      svg.chart { max-width: 100%; height: auto; display: block; }
      svg .grid { stroke: var(--line); stroke-width: 1; }
      svg .axis { stroke: var(--soft); stroke-width: 1; }
      svg text { fill: var(--ink); font-size: 12px; font-family: inherit; }
      svg .tick { fill: var(--soft); font-size: 11px; }
      svg .value { font-variant-numeric: tabular-nums; }
      footer { color: var(--soft); font-size: 12px; text-align: center; padding: 0 0 24px; }
      """;

  private final SvgCharts charts;

  public HtmlReport(ZoneId zone) {
    this.charts = new SvgCharts(zone);
  }

  /** The page. */
  public String render(Report report) {
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(Html.escape(report.title()))
        .append("</title><style>")
        .append(STYLE)
        .append("</style></head><body><header><h1>")
        .append(Html.escape(report.title()))
        .append("</h1><dl>");
    for (Report.Fact fact : report.facts()) {
      html.append("<div><dt>")
          .append(Html.escape(fact.label()))
          .append("</dt><dd>")
          .append(Html.escape(fact.value()))
          .append("</dd></div>");
    }
    html.append("</dl></header><main>");
    int chart = 0;
    for (Report.Section section : report.sections()) {
      html.append("<section id=\"")
          .append(Html.escape(section.id()))
          .append("\"><h2>")
          .append(Html.escape(section.title()))
          .append("</h2>");
      for (Report.Block block : section.blocks()) {
        String id = section.id() + "-" + (++chart);
        switch (block) {
          case Report.Figures figures -> figures(html, figures);
          case Report.BarChart bars ->
              html.append("<h3>")
                  .append(Html.escape(bars.title()))
                  .append("</h3>")
                  .append(charts.bars(bars, id));
          case Report.TimeChart time ->
              html.append("<h3>")
                  .append(Html.escape(time.title()))
                  .append("</h3>")
                  .append(charts.columns(time, id));
          case Report.Table table -> table(html, table);
          case Report.Note note ->
              html.append("<p class=\"note\">").append(Html.escape(note.text())).append("</p>");
        }
      }
      html.append("</section>");
    }
    html.append("</main><footer>Generated by relais-cli campaign report</footer></body></html>\n");
    return html.toString();
  }

  private static void figures(StringBuilder html, Report.Figures figures) {
    html.append("<div class=\"figures\">");
    for (Report.Figure figure : figures.figures()) {
      html.append("<div class=\"figure\" id=\"figure-")
          .append(slug(figure.label()))
          .append("\"><span class=\"label\">")
          .append(Html.escape(figure.label()))
          .append("</span><span class=\"value\">")
          .append(Html.escape(Numbers.format(figure.value())))
          .append("</span>");
      if (!figure.detail().isEmpty()) {
        html.append("<span class=\"detail\">")
            .append(Html.escape(figure.detail()))
            .append("</span>");
      }
      html.append("</div>");
    }
    html.append("</div>");
  }

  private static void table(StringBuilder html, Report.Table table) {
    html.append("<h3>")
        .append(Html.escape(table.title()))
        .append("</h3><div class=\"table\"><table><thead><tr>");
    for (String column : table.columns()) {
      html.append("<th scope=\"col\">").append(Html.escape(column)).append("</th>");
    }
    html.append("</tr></thead><tbody>");
    for (List<Report.Value> row : table.rows()) {
      html.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        String cell = Html.escape(Numbers.format(row.get(i)));
        html.append(i == 0 ? "<th scope=\"row\">" : "<td>")
            .append(cell)
            .append(i == 0 ? "</th>" : "</td>");
      }
      html.append("</tr>");
    }
    html.append("</tbody></table></div>");
  }

  /** "Delivery rate" -> "delivery-rate": the id a figure's tile carries. */
  public static String slug(String label) {
    return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }
}
