package dev.relais.cli.inbound;

import picocli.CommandLine.Command;

/** {@code relais-cli inbound}: the texts people sent that no rule understood. */
@Command(
    name = "inbound",
    mixinStandardHelpOptions = true,
    description =
        "Read the texts people replied that Relais did not understand (not a STOP keyword, not a"
            + " confirmation): requests in free text that a person must act on.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {ListInboundCommand.class})
public final class InboundCommand {}
