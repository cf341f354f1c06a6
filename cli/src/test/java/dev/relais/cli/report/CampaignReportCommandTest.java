package dev.relais.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.cli.RelaisCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CampaignReportCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = RelaisCli.commandLine();
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
  void namesTheMissingKubeconfigAndTheAnalyticsAddressItCannotUse() {
    assertThat(
            run(
                "campaign",
                "report",
                "relais-demo/winter-sale",
                "--kubeconfig",
                dir.resolve("absent").toString(),
                "--analytics",
                "127.0.0.1:1"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("--kubeconfig: no such file");

    err.getBuffer().setLength(0);
    assertThat(run("campaign", "report", "a/b", "--analytics", "nowhere")).isEqualTo(1);
    assertThat(err.toString()).contains("--analytics: expected HOST:PORT, got 'nowhere'");
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
