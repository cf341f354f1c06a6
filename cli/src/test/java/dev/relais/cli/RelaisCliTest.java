package dev.relais.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.cli.connect.ExitCodes;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool's command line, without any service. */
class RelaisCliTest {

  @TempDir Path directory;

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    CliRun run = CliRun.run(directory, "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("contacts", "message", "Exit codes:", "3", "no address");
  }

  @Test
  void eachCommandsHelpHasExamples() {
    for (String[] command :
        new String[][] {
          {"contacts", "import", "--help"},
          {"contacts", "export", "--help"},
          {"contacts", "erase", "--help"},
          {"message", "show", "--help"}
        }) {
      CliRun run = CliRun.run(directory, command);
      assertThat(run.exitCode()).as(String.join(" ", command)).isZero();
      assertThat(run.out()).as(String.join(" ", command)).contains("Examples:", "Exit codes:");
    }
  }

  @Test
  void aGroupWithoutItsCommandIsAUsageError() {
    CliRun run = CliRun.run(directory, "contacts");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("import", "export", "erase");
  }

  @Test
  void eraseWithoutYesErasesNothingAndSaysWhy() {
    CliRun run = CliRun.run(directory, "contacts", "erase", "0612345678");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--yes", "cannot be undone");
  }

  @Test
  void withoutAnAddressItSaysHowToGiveOne() {
    CliRun run = CliRun.run(directory, "message", "show", "m-1", "--campaign", "shop/soldes");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.NO_ADDRESS);
    assertThat(run.err()).contains("./relais up", "--analytics", "RELAIS_ANALYTICS");
  }

  @Test
  void anAddressWhereNothingListensIsUnreachable() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    CliRun run =
        CliRun.run(
            directory, "contacts", "export", "0612345678", "--contacts", "127.0.0.1:" + port);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(ExitCodes.UNREACHABLE);
    assertThat(run.err())
        .contains("contacts at 127.0.0.1:" + port + " (from --contacts) cannot be reached");
  }

  @Test
  void aBadTimeoutIsAUsageError() {
    CliRun run = CliRun.run(directory, "contacts", "export", "0612345678", "--timeout", "soon");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("not a duration such as 500ms, 30s, 5m or 2h");
  }
}
