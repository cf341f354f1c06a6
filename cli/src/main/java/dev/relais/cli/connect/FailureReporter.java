package dev.relais.cli.connect;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into a message on stderr and an exit code: a {@link CliException} as
 * its message and code, anything else as the tool's own failure.
 */
public final class FailureReporter implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    if (failure instanceof CliException cli) {
      err.println("relais-cli: " + cli.getMessage());
      err.flush();
      return cli.exitCode();
    }
    err.println("relais-cli failed: " + failure);
    failure.printStackTrace(err);
    err.flush();
    return ExitCodes.FAILED;
  }
}
