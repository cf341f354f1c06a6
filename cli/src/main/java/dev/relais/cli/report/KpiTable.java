package dev.relais.cli.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's figures as an aligned terminal table: labels left, values right-aligned in one
 * column, details after; sections in order, one blank line between them. A bar chart becomes its
 * rows, indented under its title; charts over time are left to the HTML report.
 */
public final class KpiTable {

  private KpiTable() {}

  /** The table, lines ending with a newline. */
  public static String render(Report report) {
    List<String[]> rows = new ArrayList<>();
    for (Report.Section section : report.sections()) {
      List<String[]> sectionRows = new ArrayList<>();
      for (Report.Block block : section.blocks()) {
        if (block instanceof Report.Figures figures) {
          for (Report.Figure figure : figures.figures()) {
            sectionRows.add(
                new String[] {figure.label(), Numbers.format(figure.value()), figure.detail()});
          }
        } else if (block instanceof Report.BarChart bars && !bars.bars().isEmpty()) {
          sectionRows.add(new String[] {bars.title(), "", ""});
          for (Report.Bar bar : bars.bars()) {
            sectionRows.add(new String[] {"  " + bar.label(), Numbers.count(bar.value()), ""});
          }
        }
      }
      if (!sectionRows.isEmpty()) {
        if (!rows.isEmpty()) {
          rows.add(null);
        }
        rows.add(new String[] {section.title(), "", ""});
        rows.addAll(sectionRows);
      }
    }
    int labelWidth = 0;
    int valueWidth = 0;
    for (String[] row : rows) {
      if (row != null) {
        labelWidth = Math.max(labelWidth, row[0].length());
        valueWidth = Math.max(valueWidth, row[1].length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(report.title()).append('\n');
    for (Report.Fact fact : report.facts()) {
      out.append("  ").append(fact.label()).append(": ").append(fact.value()).append('\n');
    }
    out.append('\n');
    for (String[] row : rows) {
      if (row == null) {
        out.append('\n');
        continue;
      }
      String line =
          padRight(row[0], labelWidth + 2)
              + padLeft(row[1], valueWidth)
              + (row[2].isEmpty() ? "" : "  " + row[2]);
      out.append(line.stripTrailing()).append('\n');
    }
    return out.toString();
  }

  private static String padRight(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  private static String padLeft(String text, int width) {
    return " ".repeat(Math.max(0, width - text.length())) + text;
  }
}
