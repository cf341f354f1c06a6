package dev.relais.cli;

import dev.relais.cli.connect.ClientTls;
import dev.relais.cli.connect.ExitCodes;
import dev.relais.cli.connect.FailureReporter;
import dev.relais.cli.connect.ServiceLocator;
import dev.relais.cli.contacts.ContactsCommand;
import dev.relais.cli.inbound.InboundCommand;
import dev.relais.cli.lint.LintCommand;
import dev.relais.cli.message.MessageCommand;
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
    description = {
      "Relais command-line tool.",
      "",
      "Commands reach the services at the addresses given by their options (--contacts,"
          + " --analytics), else by the environment (RELAIS_CONTACTS, RELAIS_ANALYTICS), else in"
          + " the file ./relais up writes for the local platform ("
          + ServiceLocator.SERVICES_FILE
          + " in this repository). Against a cluster, forward the service's port first, e.g.:",
      "  kubectl -n shop port-forward svc/main-contacts 9091:9091 &",
      "  relais-cli contacts export 0612345678 --contacts 127.0.0.1:9091",
      "",
      "Services that talk mutual TLS are called with a client certificate: --tls-cert, --tls-key"
          + " and --tls-ca (or RELAIS_TLS_CERT, RELAIS_TLS_KEY, RELAIS_TLS_CA), else the local"
          + " platform's administrator files in "
          + ClientTls.LOCAL_DIRECTORY
          + "."
    },
    exitCodeListHeading = ExitCodes.HEADING,
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILED,
      ExitCodes.HELP_USAGE,
      ExitCodes.HELP_NO_ADDRESS,
      ExitCodes.HELP_UNREACHABLE,
      ExitCodes.HELP_REFUSED,
      ExitCodes.HELP_NOT_FOUND,
      ExitCodes.HELP_SERVICE_FAILED,
      ExitCodes.HELP_INCOMPLETE
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      CampaignCommand.class,
      ContactsCommand.class,
      InboundCommand.class,
      LintCommand.class,
      MessageCommand.class
    })
public final class RelaisCli implements ServiceLocator.Provider {

  private final ServiceLocator locator;

  private RelaisCli(ServiceLocator locator) {
    this.locator = locator;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The tool's command line, finding services from this process's environment and directory. */
  public static CommandLine commandLine() {
    return commandLine(ServiceLocator.ofProcess());
  }

  /** The tool's command line finding services through {@code locator}, for tests in process. */
  public static CommandLine commandLine(ServiceLocator locator) {
    return commandLine(locator, CommandLine.defaultFactory());
  }

  /** The tool's command line with its commands made by {@code factory}, for tests in process. */
  public static CommandLine commandLine(ServiceLocator locator, CommandLine.IFactory factory) {
    return new CommandLine(new RelaisCli(locator), factory)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(new FailureReporter());
  }

  @Override
  public ServiceLocator serviceLocator() {
    return locator;
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
