package dev.relais.cli.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's figures as an aligned terminal table: labels left, values right-aligned in one
 * column, details after; sections in order, one blank line between them. A bar chart becomes its
 * rows, indented under its title; a table keeps its columns, each aligned on its own; charts over
 * time are left to the HTML report.
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
        } else if (block instanceof Report.Table table) {
          sectionRows.add(new String[] {table.title(), "", ""});
          for (String line : table(table)) {
            sectionRows.add(new String[] {"  " + line});
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
      if (row != null && row.length == 3) {
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
      if (row.length == 1) {
        out.append(row[0].stripTrailing()).append('\n');
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

  /** The table's lines: first column left-aligned, the others right-aligned, two spaces apart. */
  private static List<String> table(Report.Table table) {
    List<List<String>> cells = new ArrayList<>();
    cells.add(table.columns());
    for (List<Report.Value> row : table.rows()) {
      cells.add(row.stream().map(Numbers::format).toList());
    }
    int[] widths = new int[table.columns().size()];
    for (List<String> row : cells) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (List<String> row : cells) {
      StringBuilder line = new StringBuilder(padRight(row.get(0), widths[0]));
      for (int i = 1; i < row.size(); i++) {
        line.append("  ").append(padLeft(row.get(i), widths[i]));
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static String padRight(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  private static String padLeft(String text, int width) {
    return " ".repeat(Math.max(0, width - text.length())) + text;
  }
}
