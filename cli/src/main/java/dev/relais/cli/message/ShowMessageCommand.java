package dev.relais.cli.message;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.relais.cli.connect.AnalyticsOption;
import dev.relais.cli.connect.DurationConverter;
import dev.relais.cli.connect.ExitCodes;
import dev.relais.cli.connect.OutputFormat;
import dev.relais.cli.connect.ServiceConnection;
import dev.relais.common.time.ProtoTime;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.GetMessageHistoryRequest;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.MessageHistory;
import dev.relais.proto.analytics.v1.MessageHistoryServiceGrpc;
import dev.relais.scheduler.campaign.PageMessageIds;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code relais-cli message show MESSAGE_ID --campaign ID}: one message's recorded life. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = {
      "Prints one message's life, earliest first: queued (when the scheduler composed its page"
          + " for the queue, a time its id carries), then what analytics recorded: submitted (with"
          + " the SMSC's message id), refused, in doubt, expired or suppressed, its delivery"
          + " receipt, a STOP reply. Neither the recipient nor the text is shown: analytics holds neither"
          + " (contacts export shows a number's queued messages with their text).",
      "",
      "Events are stored by campaign, so the campaign is required; message and campaign ids"
          + " appear in traces, in dispatch logs and in a contact's export. Events are kept 180"
          + " days."
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  relais-cli message show 5f0c1b9e-2b8e-11f1-8f0a-6c1d2e3f4a5b --campaign shop/soldes",
      "  relais-cli message show 5f0c1b9e-2b8e-11f1-8f0a-6c1d2e3f4a5b --campaign shop/soldes"
          + " --format json --analytics 127.0.0.1:9094"
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILED,
      ExitCodes.HELP_USAGE,
      ExitCodes.HELP_NO_ADDRESS,
      ExitCodes.HELP_UNREACHABLE,
      ExitCodes.HELP_REFUSED,
      "6:no event recorded for this message in this campaign",
      ExitCodes.HELP_SERVICE_FAILED
    })
public final class ShowMessageCommand implements Callable<Integer> {

  @Parameters(paramLabel = "MESSAGE_ID", description = "The Relais message id (a UUID).")
  private String messageId;

  @Option(
      names = "--campaign",
      required = true,
      paramLabel = "NAMESPACE/NAME",
      description = "The campaign the message belongs to, as namespace/name.")
  private String campaign;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "TEXT",
      description = "text (the default) or json.")
  private OutputFormat format;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "How long the call may take. Default: ${DEFAULT-VALUE}.")
  private Duration timeout;

  @Mixin private AnalyticsOption analytics;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() throws InvalidProtocolBufferException {
    GetMessageHistoryRequest request =
        GetMessageHistoryRequest.newBuilder()
            .setCampaignId(campaign)
            .setMessageId(messageId)
            .build();
    MessageHistory history;
    try (ServiceConnection connection = analytics.connect(timeout)) {
      history =
          connection.call(
              "GetMessageHistory",
              () ->
                  MessageHistoryServiceGrpc.newBlockingStub(connection.channel())
                      .withDeadlineAfter(connection.deadlineMillis(), TimeUnit.MILLISECONDS)
                      .getMessageHistory(request));
    }
    history = withQueued(history);
    PrintWriter out = spec.commandLine().getOut();
    if (format == OutputFormat.JSON) {
      out.println(JsonFormat.printer().print(history));
    } else {
      out.printf("Message %s of campaign %s%n", history.getMessageId(), history.getCampaignId());
      for (MessageEvent event : history.getEventsList()) {
        out.println("  " + MessageEventText.line(event));
      }
    }
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * The history with its queued event first, when analytics holds none: the time comes from the
   * message id, which carries when the scheduler composed the message's page for the queue ({@link
   * PageMessageIds#composedAt}). Analytics is not asked to record a QUEUED event per message: that
   * would double its writes on the message path for a time the id already tells.
   */
  static MessageHistory withQueued(MessageHistory history) {
    boolean recorded =
        history.getEventsList().stream().anyMatch(e -> e.getType() == EventType.EVENT_TYPE_QUEUED);
    Optional<Instant> composed = recorded ? Optional.empty() : composedAt(history.getMessageId());
    if (composed.isEmpty()) {
      return history;
    }
    Instant at = composed.get();
    MessageEvent queued =
        MessageEvent.newBuilder()
            .setCampaignId(history.getCampaignId())
            .setMessageId(history.getMessageId())
            .setType(EventType.EVENT_TYPE_QUEUED)
            .setOccurredAt(ProtoTime.timestamp(at))
            .build();
    return history.toBuilder()
        .clearEvents()
        .addEvents(queued)
        .addAllEvents(history.getEventsList())
        .build();
  }

  private static Optional<Instant> composedAt(String messageId) {
    try {
      return PageMessageIds.composedAt(UUID.fromString(messageId));
    } catch (IllegalArgumentException notAUuid) {
      return Optional.empty();
    }
  }
}
