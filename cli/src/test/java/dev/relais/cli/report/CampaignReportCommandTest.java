package dev.relais.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.cli.RelaisCli;
import dev.relais.cli.connect.ExitCodes;
import dev.relais.cli.connect.ServiceLocator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CampaignReportCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = RelaisCli.commandLine(new ServiceLocator(Map.of(), dir));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void refusesAReferenceThatIsNotNamespaceSlashName() {
    assertThat(run("campaign", "report", "winter-sale", "--analytics", "127.0.0.1:1")).isEqualTo(1);
    assertThat(err.toString())
        .contains("expected NAMESPACE/NAME, e.g. relais-demo/winter-sale; got 'winter-sale'");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void namesTheMissingKubeconfigAndTheAnalyticsAddressItCannotUse() throws Exception {
    assertThat(
            run(
                "campaign",
                "report",
                "relais-demo/winter-sale",
                "--kubeconfig",
                dir.resolve("absent").toString(),
                "--analytics",
                "127.0.0.1:1"))
        .isEqualTo(ExitCodes.NO_ADDRESS);
    assertThat(err.toString()).contains("--kubeconfig: no such file");

    err.getBuffer().setLength(0);
    assertThat(run("campaign", "report", "a/b", "--analytics", "127.0.0.1:1"))
        .isEqualTo(ExitCodes.NO_ADDRESS);
    assertThat(err.toString()).contains("no kubeconfig", "./relais up");

    err.getBuffer().setLength(0);
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\n");
    assertThat(
            run(
                "campaign",
                "report",
                "a/b",
                "--kubeconfig",
                kubeconfig.toString(),
                "--analytics",
                "nowhere"))
        .isEqualTo(ExitCodes.NO_ADDRESS);
    assertThat(err.toString())
        .contains("the analytics address 'nowhere' from --analytics is not host:port");
  }

  @Test
  void isListedInTheToolsHelp() {
    run("--help");
    assertThat(out.toString()).contains("campaign");
    out.getBuffer().setLength(0);
    run("campaign", "report", "--help");
    assertThat(out.toString())
        .contains("--html=FILE", "--kubeconfig=FILE", "--analytics=HOST:PORT");
  }
}
