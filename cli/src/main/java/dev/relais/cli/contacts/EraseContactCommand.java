package dev.relais.cli.contacts;

import dev.relais.cli.connect.ContactsOption;
import dev.relais.cli.connect.DurationConverter;
import dev.relais.cli.connect.ExitCodes;
import dev.relais.cli.connect.ServiceConnection;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.EraseContactRequest;
import dev.relais.proto.contacts.v1.EraseContactResponse;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code relais-cli contacts erase NUMBER --yes}: the right to erasure (GDPR Art. 17). */
@Command(
    name = "erase",
    mixinStandardHelpOptions = true,
    description = {
      "Erases everything Relais holds about a phone number: the contact with its lists,"
          + " attributes and marketing sends, its consent evidence and opt-outs, the texts it"
          + " sent that no rule understood, and the"
          + " destination and text of the messages the dispatch queue still holds for it (they"
          + " are never sent). Irreversible: asks for --yes.",
      "",
      "A number that had opted out leaves only a keyed hash in the suppression list, so that it"
          + " never gets marketing again if it is imported again. Erasing twice is harmless."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  relais-cli contacts export +33612345678 > before-erasure.json",
      "  relais-cli contacts erase +33612345678 --yes"
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILED,
      "2:invalid command line, or --yes missing",
      ExitCodes.HELP_NO_ADDRESS,
      "4:a service could not be reached or did not answer within --timeout (nothing is claimed"
          + " erased: run it again)",
      "5:the number is not a phone number",
      "6:nothing was held about the number",
      ExitCodes.HELP_SERVICE_FAILED,
      "8:erased from contacts, but the dispatch queue was not searched (contacts runs without a"
          + " scheduler)"
    })
public final class EraseContactCommand implements Callable<Integer> {

  @Mixin private ContactNumber number;

  @Option(names = "--yes", description = "Confirms the erasure, which cannot be undone.")
  private boolean yes;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description = "How long the call may take. Default: ${DEFAULT-VALUE}.")
  private Duration timeout;

  @Mixin private ContactsOption contacts;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    String phone = number.phone();
    if (!yes) {
      throw new ParameterException(
          spec.commandLine(),
          "erasing cannot be undone: run it again with --yes to erase everything held about "
              + phone
              + " (contacts export saves it first)");
    }
    EraseContactRequest.Builder request = EraseContactRequest.newBuilder().setPhone(phone);
    if (number.region() != null) {
      request.setDefaultRegion(number.region());
    }
    EraseContactResponse erased;
    try (ServiceConnection connection = contacts.connect(timeout)) {
      erased =
          connection.call(
              "EraseContact",
              () ->
                  ContactsServiceGrpc.newBlockingStub(connection.channel())
                      .withDeadlineAfter(connection.deadlineMillis(), TimeUnit.MILLISECONDS)
                      .eraseContact(request.build()));
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (erased.getFound()) {
      out.printf(
          "Erased from contacts everything held about %s (contact, lists, consent evidence,"
              + " opt-outs, marketing sends, inbound texts)%n",
          phone);
    } else {
      out.printf("Contacts held nothing about %s%n", phone);
    }
    if (erased.getSuppressionKept()) {
      out.println(
          "Kept: a keyed hash of the number in the suppression list, since it had opted out (it"
              + " never gets marketing again, even if imported again)");
    }
    if (erased.getQueueSearched()) {
      out.printf(
          "Dispatch queue: %d message(s) erased (destination and text), %d of them not sent yet"
              + " and now never sent%n",
          erased.getQueuedMessagesErased(), erased.getQueuedMessagesUnsent());
    }
    out.flush();
    if (!erased.getQueueSearched()) {
      err.println(
          "relais-cli: the dispatch queue was not searched (the contacts service runs without"
              + " scheduler.address): messages queued for this number may still be sent");
      err.flush();
      return ExitCodes.INCOMPLETE;
    }
    if (!erased.getFound() && erased.getQueuedMessagesErased() == 0) {
      return ExitCodes.NOT_FOUND;
    }
    return ExitCodes.OK;
  }
}
