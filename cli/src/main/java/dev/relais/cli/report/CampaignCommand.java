package dev.relais.cli.report;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code relais-cli campaign}: what the platform knows of a campaign beyond its resource. */
@Command(
    name = "campaign",
    mixinStandardHelpOptions = true,
    description = "A campaign's results.",
    subcommands = {CampaignReportCommand.class, CommandLine.HelpCommand.class})
public final class CampaignCommand {}
