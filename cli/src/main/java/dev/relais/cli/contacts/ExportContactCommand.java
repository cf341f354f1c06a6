package dev.relais.cli.contacts;

import dev.relais.cli.connect.ContactsOption;
import dev.relais.cli.connect.DurationConverter;
import dev.relais.cli.connect.ExitCodes;
import dev.relais.cli.connect.OutputFormat;
import dev.relais.cli.connect.ServiceConnection;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code relais-cli contacts export NUMBER}: everything held about a number (GDPR Art. 15/20). */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Prints everything Relais holds about a phone number, for a GDPR access or portability"
          + " request: the contact and its attributes, lists and consent state, the consent"
          + " evidence, opt-outs, marketing campaigns sent over the last 90 days, and the"
          + " messages the dispatch queue holds for it with their text.",
      "",
      "The JSON (the default) is the file to hand to the person. The contacts service searches"
          + " the dispatch queue through the scheduler; when it runs without one the export"
          + " says so and exits with 8."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  relais-cli contacts export 06 12 34 56 78 > export.json    (national form, see --region)",
      "  relais-cli contacts export +33612345678 --format text",
      "  relais-cli contacts export +33612345678 --contacts 127.0.0.1:9091"
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILED,
      ExitCodes.HELP_USAGE,
      ExitCodes.HELP_NO_ADDRESS,
      ExitCodes.HELP_UNREACHABLE,
      "5:the number is not a phone number",
      "6:nothing is held about the number",
      ExitCodes.HELP_SERVICE_FAILED,
      "8:exported, but the dispatch queue was not searched (contacts runs without a scheduler)"
    })
public final class ExportContactCommand implements Callable<Integer> {

  @Mixin private ContactNumber number;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "JSON",
      description = "json (the default: the file to hand over) or text (to read).")
  private OutputFormat format;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "How long the call may take. Default: ${DEFAULT-VALUE}.")
  private Duration timeout;

  @Mixin private ContactsOption contacts;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    ExportContactRequest.Builder request =
        ExportContactRequest.newBuilder().setPhone(number.phone());
    if (number.region() != null) {
      request.setDefaultRegion(number.region());
    }
    ContactExport export;
    try (ServiceConnection connection = contacts.connect(timeout)) {
      export =
          connection.call(
              "ExportContact",
              () ->
                  ContactsServiceGrpc.newBlockingStub(connection.channel())
                      .withDeadlineAfter(connection.deadlineMillis(), TimeUnit.MILLISECONDS)
                      .exportContact(request.build()));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (format == OutputFormat.JSON) {
      out.println(export.getJson());
    } else {
      ContactExportText.print(export, out);
    }
    out.flush();
    if (!export.getQueueSearched()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "relais-cli: the dispatch queue was not searched (the contacts service runs without"
              + " scheduler.address): messages queued for this number are missing from the"
              + " export");
      err.flush();
      return ExitCodes.INCOMPLETE;
    }
    return ExitCodes.OK;
  }
}
