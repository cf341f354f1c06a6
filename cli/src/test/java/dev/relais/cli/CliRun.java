package dev.relais.cli;

import dev.relais.cli.connect.ServiceLocator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** One run of the tool in process, with what it printed. */
public record CliRun(int exitCode, String out, String err) {

  /** Runs {@code args} with no environment, in {@code directory}. */
  public static CliRun run(Path directory, String... args) {
    CommandLine cli = RelaisCli.commandLine(new ServiceLocator(Map.of(), directory));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
