package dev.relais.cli.message;

import picocli.CommandLine.Command;

/** {@code relais-cli message}: what happened to individual messages. */
@Command(
    name = "message",
    mixinStandardHelpOptions = true,
    description = "Follow one message: its events from the queue to the delivery receipt.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {ShowMessageCommand.class})
public final class MessageCommand {}
