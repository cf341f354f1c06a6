package dev.relais.cli;

import dev.relais.cli.lint.LintCommand;
import dev.relais.cli.report.CampaignCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code relais-cli}: the tool for what does not belong in etcd. Each area is a subcommand; run
 * locally through {@code ./relais cli}, or from the image against a cluster's services.
 */
@Command(
    name = "relais-cli",
    mixinStandardHelpOptions = true,
    versionProvider = RelaisCli.Version.class,
    description = "Relais command-line tool.",
    subcommands = {CommandLine.HelpCommand.class, CampaignCommand.class, LintCommand.class})
public final class RelaisCli {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The tool's command line, for tests to run in process. */
  public static CommandLine commandLine() {
    return new CommandLine(new RelaisCli());
  }

  /** The version the build stamped into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = RelaisCli.class.getPackage().getImplementationVersion();
      return new String[] {"relais-cli " + (version == null ? "(development build)" : version)};
    }
  }
}
