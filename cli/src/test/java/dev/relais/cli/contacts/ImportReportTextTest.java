package dev.relais.cli.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.proto.contacts.v1.ImportColumn;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.ImportWarning;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ImportReportTextTest {

  @Test
  void theColumnMappingAndWarningsComeBeforeTheTotals() {
    ImportReport report =
        ImportReport.newBuilder()
            .setCharset("UTF-8")
            .addColumns(column(1, "N° de portable", "phone"))
            .addColumns(column(2, "Consentement SMS", "consent"))
            .addColumns(column(3, "Consentement marketing", "consent"))
            .addColumns(column(4, "Consentement email", "attribute"))
            .addColumns(column(5, "", "ignored"))
            .addWarnings(
                ImportWarning.newBuilder()
                    .setCode("columns-claim-one-field")
                    .setMessage("columns \"Consentement SMS\" and \"Consentement marketing\" both"))
            .setRows(3)
            .setImported(3)
            .build();
    StringWriter text = new StringWriter();
    ImportReportText.print(report, Path.of("clients.csv"), "vip", new PrintWriter(text, true));

    assertThat(text.toString())
        .startsWith(
            String.join(
                "\n",
                "Imported clients.csv into list vip (read as UTF-8)",
                "Columns:",
                "   1  \"N° de portable\"          -> phone",
                "   2  \"Consentement SMS\"        -> consent",
                "   3  \"Consentement marketing\"  -> consent",
                "   4  \"Consentement email\"      -> attribute",
                "   5  (no header)               -> ignored",
                "Warnings:",
                "  columns-claim-one-field: columns \"Consentement SMS\" and \"Consentement"
                    + " marketing\" both",
                "  rows read  3",
                ""));
  }

  @Test
  void aReportWithoutColumnsPrintsOnlyTheTotals() {
    StringWriter text = new StringWriter();
    ImportReportText.print(
        ImportReport.newBuilder().setRows(1).setImported(1).build(),
        Path.of("records.csv"),
        "vip",
        new PrintWriter(text, true));
    assertThat(text.toString())
        .startsWith("Imported records.csv into list vip\n  rows read  1\n")
        .doesNotContain("Columns:", "Warnings:");
  }

  private static ImportColumn column(int position, String header, String field) {
    return ImportColumn.newBuilder()
        .setPosition(position)
        .setHeader(header)
        .setField(field)
        .build();
  }
}
