package dev.relais.cli.inbound;

import dev.relais.cli.connect.ContactsOption;
import dev.relais.cli.connect.DurationConverter;
import dev.relais.cli.connect.ExitCodes;
import dev.relais.cli.connect.ServiceConnection;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.InboundText;
import dev.relais.proto.contacts.v1.ListInboundTextsRequest;
import dev.relais.proto.contacts.v1.ListInboundTextsResponse;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code relais-cli inbound list [--since WHEN]}: the texts to read, oldest first. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the texts received that no rule understood, oldest first: time (UTC), sender,"
          + " route, the number or short code written to, and the text. Relais keeps them 30"
          + " days. A request to stop written in free text (\"arrêtez de m'écrire\") is an"
          + " objection to honour: opt the number out with the contacts API.",
      "",
      "The texts and numbers are personal data: print them where you would read a customer's"
          + " mail, not in tickets or logs."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  relais-cli inbound list --since 24h",
      "  relais-cli inbound list --since 2026-12-01"
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILED,
      ExitCodes.HELP_USAGE,
      ExitCodes.HELP_NO_ADDRESS,
      ExitCodes.HELP_UNREACHABLE,
      ExitCodes.HELP_SERVICE_FAILED
    })
public final class ListInboundCommand implements Callable<Integer> {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  /** Texts per call: pages are held in memory on both sides. */
  private static final int PAGE_SIZE = 500;

  @Option(
      names = "--since",
      paramLabel = "WHEN",
      description =
          "Only texts received since then: a duration back from now (30m, 24h), a UTC date"
              + " (2026-12-01) or an instant (2026-12-01T08:00:00Z). Default: every text kept"
              + " (30 days).")
  private String since;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "1m",
      converter = DurationConverter.class,
      description = "How long each call may take. Default: ${DEFAULT-VALUE}.")
  private Duration timeout;

  @Mixin private ContactsOption contacts;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    Instant from = since == null ? null : since(since, Clock.systemUTC());
    ListInboundTextsRequest.Builder request =
        ListInboundTextsRequest.newBuilder().setPageSize(PAGE_SIZE);
    if (from != null) {
      request.setSince(ProtoTime.timestamp(from));
    }
    PrintWriter out = spec.commandLine().getOut();
    long count = 0;
    try (ServiceConnection connection = contacts.connect(timeout)) {
      String token = "";
      do {
        request.setPageToken(token);
        ListInboundTextsResponse page =
            connection.call(
                "ListInboundTexts",
                () ->
                    ContactsServiceGrpc.newBlockingStub(connection.channel())
                        .withDeadlineAfter(connection.deadlineMillis(), TimeUnit.MILLISECONDS)
                        .listInboundTexts(request.build()));
        for (InboundText text : page.getTextsList()) {
          out.println(line(text));
          count++;
        }
        token = page.getNextPageToken();
      } while (!token.isEmpty());
    }
    out.printf(
        "%d text(s) received %s that no rule understood%n",
        count, from == null ? "over the 30 days kept" : "since " + TIME.format(from) + " UTC");
    out.flush();
    return ExitCodes.OK;
  }

  /** One text on one line: its own line breaks are shown as ⏎. */
  static String line(InboundText text) {
    Instant at = ProtoTime.instant(text.getReceivedAt());
    return String.join(
        "  ",
        TIME.format(at),
        text.getPhone(),
        text.getRoute().isEmpty() ? "-" : text.getRoute(),
        text.getTo().isEmpty() ? "-" : text.getTo(),
        text.getText().replaceAll("\\R", " ⏎ "));
  }

  /** The instant {@code value} means: a duration back from now, a UTC date or an instant. */
  Instant since(String value, Clock clock) {
    String trimmed = value.strip();
    try {
      return clock.instant().minus(new DurationConverter().convert(trimmed));
    } catch (CommandLine.TypeConversionException notADuration) {
      try {
        return trimmed.length() == 10
            ? LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant()
            : Instant.parse(trimmed);
      } catch (DateTimeParseException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--since '"
                + value
                + "' is neither a duration (30m, 24h), a date (2026-12-01) nor an instant"
                + " (2026-12-01T08:00:00Z)");
      }
    }
  }
}
