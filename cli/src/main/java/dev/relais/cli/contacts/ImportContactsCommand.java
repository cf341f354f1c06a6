package dev.relais.cli.contacts;

import dev.relais.cli.connect.CliException;
import dev.relais.cli.connect.ContactsOption;
import dev.relais.cli.connect.DurationConverter;
import dev.relais.cli.connect.ExitCodes;
import dev.relais.cli.connect.ServiceConnection;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code relais-cli contacts import FILE --list NAME}: a contacts file into a list. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Imports a contacts CSV file into a contact list, then prints the service's report: the"
          + " character set the file was read in, how each column was understood (the field it"
          + " feeds, or attribute), warnings to check (two columns claiming one field, a column"
          + " that looks like consent but is not read as such, a Windows-1252 file), then rows"
          + " read, new, updated and refused contacts, and each refused row with its line and"
          + " reason.",
      "",
      "The file is sent as it is: the contacts service detects its character set (UTF-8 with or"
          + " without BOM, or Windows-1252 as French Excel saves CSV) and its delimiter (; , or"
          + " tab), and reads numbers in their national form (06 12 34 56 78) in the default"
          + " region. Columns are recognised by their header, in English or French (portable /"
          + " N° de portable / téléphone / mobile, prénom, nom, ville, consentement SMS, date de"
          + " consentement, désinscrit SMS / opposition SMS / STOP, ...; the list is in"
          + " docs/segments.md); other columns become attributes usable in segments. A consent"
          + " \"non\" withdraws consent. Importing a file again updates its contacts, it never"
          + " duplicates them, and never re-dates a consent the file does not date.",
      "",
      "Progress (bytes and lines sent, share of the file, rate) goes to stderr, the report to"
          + " stdout."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  relais-cli contacts import clients.csv --list newsletter",
      "  relais-cli contacts import export-excel.csv --list magasin-lyon --region FR \\",
      "      --consent-source store --consent-wording \"J'accepte de recevoir les offres par SMS\"",
      "  RELAIS_CONTACTS=127.0.0.1:9091 relais-cli contacts import big.csv --list all --timeout 3h"
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILED,
      ExitCodes.HELP_USAGE,
      ExitCodes.HELP_NO_ADDRESS,
      ExitCodes.HELP_UNREACHABLE,
      "5:the service refused the file as a whole (not a contacts CSV: its reason is printed)",
      ExitCodes.HELP_SERVICE_FAILED,
      "8:no row of the file was imported (every row refused, or no data row)"
    })
public final class ImportContactsCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "FILE",
      description = "The CSV file (a header line, then one contact per line).")
  private Path file;

  @Option(
      names = "--list",
      required = true,
      paramLabel = "NAME",
      description = "The contact list every imported contact joins, e.g. newsletter.")
  private String list;

  @Option(
      names = "--region",
      paramLabel = "CC",
      description =
          "ISO 3166 region of numbers written in national form (FR reads 06 12 34 56 78 as"
              + " +33612345678). Default: the contacts service's own (phone.region).")
  private String region;

  @Option(
      names = "--consent-source",
      paramLabel = "SOURCE",
      description =
          "Where the consents in the file were collected (web-form, store, app...), kept as"
              + " evidence. Default: import.")
  private String consentSource;

  @Option(
      names = "--consent-wording",
      paramLabel = "TEXT",
      description = "The wording people agreed to when they consented, kept as evidence.")
  private String consentWording;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "1h",
      converter = DurationConverter.class,
      description =
          "How long the whole import may take (500ms, 30s, 5m, 2h). Default: ${DEFAULT-VALUE}.")
  private Duration timeout;

  @Mixin private ContactsOption contacts;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    long size = checkedSize();
    ImportOptions.Builder options = ImportOptions.newBuilder().setList(list);
    if (region != null) {
      options.setDefaultRegion(region);
    }
    if (consentSource != null) {
      options.setConsentSource(consentSource);
    }
    if (consentWording != null) {
      options.setConsentWording(consentWording);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ImportReport report;
    try (ServiceConnection connection = contacts.connect(timeout)) {
      UploadProgress progress = new UploadProgress(err, size, System::nanoTime);
      report =
          connection.call(
              "ImportContacts",
              () -> {
                try {
                  return CsvUpload.send(connection, file, options.build(), progress);
                } catch (IOException e) {
                  throw new CliException(
                      ExitCodes.FAILED, "cannot read " + file + ": " + e.getMessage());
                }
              });
    }
    ImportReportText.print(report, file, list, out);
    out.flush();
    if (report.getImported() + report.getUpdated() == 0) {
      err.println(
          report.getRows() == 0
              ? "relais-cli: the file has no data row below its header: nothing was imported"
              : "relais-cli: no row of the file was imported");
      err.flush();
      return ExitCodes.INCOMPLETE;
    }
    return ExitCodes.OK;
  }

  private long checkedSize() {
    try {
      if (!Files.isRegularFile(file)) {
        throw new ParameterException(spec.commandLine(), "no such file: " + file);
      }
      long size = Files.size(file);
      if (size == 0) {
        throw new ParameterException(spec.commandLine(), "the file is empty: " + file);
      }
      return size;
    } catch (IOException e) {
      throw new ParameterException(
          spec.commandLine(), "cannot read " + file + ": " + e.getMessage());
    }
  }
}
