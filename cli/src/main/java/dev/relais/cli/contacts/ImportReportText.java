package dev.relais.cli.contacts;

import dev.relais.proto.contacts.v1.ImportColumn;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.ImportWarning;
import dev.relais.proto.contacts.v1.RowError;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The import report as a person reads it: how each column was understood and what to check first,
 * then the totals. Refused rows name their line, never their number.
 */
final class ImportReportText {

  private ImportReportText() {}

  static void print(ImportReport report, Path file, String list, PrintWriter out) {
    out.printf(
        "Imported %s into list %s%s%n",
        file.getFileName(),
        list,
        report.getCharset().isEmpty() ? "" : " (read as " + report.getCharset() + ")");
    if (report.getColumnsCount() > 0) {
      out.println("Columns:");
      int width =
          report.getColumnsList().stream().mapToInt(c -> quoted(c).length()).max().orElse(0);
      for (ImportColumn column : report.getColumnsList()) {
        out.printf(
            "  %2d  %-" + width + "s  -> %s%n",
            column.getPosition(),
            quoted(column),
            column.getField());
      }
    }
    if (report.getWarningsCount() > 0) {
      out.println("Warnings:");
      for (ImportWarning warning : report.getWarningsList()) {
        out.printf("  %s: %s%n", warning.getCode(), warning.getMessage());
      }
    }
    out.printf("  rows read  %,d%n", report.getRows());
    out.printf("  new        %,d%n", report.getImported());
    out.printf("  updated    %,d%n", report.getUpdated());
    out.printf("  refused    %,d%n", report.getRejected());
    if (report.getRejectedByReasonCount() > 0) {
      out.println("Refused rows by reason:");
      Map<String, Long> reasons = new TreeMap<>(report.getRejectedByReasonMap());
      int width = reasons.keySet().stream().mapToInt(String::length).max().orElse(0);
      reasons.forEach((reason, count) -> out.printf("  %-" + width + "s  %,d%n", reason, count));
    }
    if (report.getErrorsCount() > 0) {
      out.println("Refused rows:");
      for (RowError error : report.getErrorsList()) {
        out.printf(
            "  line %d: %s%s%n",
            error.getLine(),
            error.getReason(),
            error.getDetail().isEmpty() ? "" : " (" + error.getDetail() + ")");
      }
      if (report.getErrorsTruncated()) {
        out.printf(
            "  ... only the first %d refused rows are listed; the counts above cover all%n",
            report.getErrorsCount());
      }
    }
  }

  private static String quoted(ImportColumn column) {
    return column.getHeader().isEmpty() ? "(no header)" : "\"" + column.getHeader() + "\"";
  }
}
