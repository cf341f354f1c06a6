package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import dev.relais.cli.RelaisCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The install on a real cluster, step by step as the README's "Try it on kind" gives it, against
 * the cluster of the kubeconfig named by {@code RELAIS_E2E_KUBECONFIG} (a kind cluster into which
 * the images were loaded with {@code kind load image-archive}): the chart installs the operator and
 * the CRDs, {@code examples/kind/} a one-node Cassandra, the SMSC simulator, a platform, a route, a
 * sender and a campaign; the contacts are imported through {@code kubectl port-forward} with the
 * command-line tool; the campaign completes with every message delivered, which the simulator's
 * counters and the campaign report confirm. Skipped, saying so, without a kubeconfig: no cluster
 * can run where CI runs, and the other end-to-end tests prove the same platform on the local API
 * server.
 */
class KindClusterIT {

  private static final PrintStream OUT = System.out;
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path EXAMPLES = ROOT.resolve("examples/kind");
  private static final String NS = "relais-kind";
  private static final String OPERATOR_NS = "relais-system";
  private static final String CAMPAIGN = "delivery-notice";

  private static final String KUBECONFIG = System.getenv("RELAIS_E2E_KUBECONFIG");
  private static final Path WORK = Path.of("target/e2e-kind").toAbsolutePath();

  private static final List<Process> FORWARDS = new ArrayList<>();
  private static boolean installed;

  /** A run of kubectl: its exit code and everything it printed. */
  private record Run(int exit, String output) {}

  @BeforeAll
  static void install() throws Exception {
    if (KUBECONFIG == null || KUBECONFIG.isBlank()) {
      String why =
          "RELAIS_E2E_KUBECONFIG is not set: no cluster to install on, KindClusterIT is skipped"
              + " (README, \"Try it on kind\")";
      OUT.println(why);
      assumeTrue(false, why);
    }
    assumeTrue(onPath("kubectl"), "kubectl is not installed: the cluster cannot be driven");
    Files.createDirectories(WORK);

    // The operator and the CRDs, as `helm install relais charts/relais -n relais-system`.
    new Helm(ROOT.resolve("charts/relais"))
        .install()
        .withKubeConfig(Path.of(KUBECONFIG))
        .withName("relais")
        .withNamespace(OPERATOR_NS)
        .createNamespace()
        .waitReady()
        .withTimeout(300)
        .call();
    installed = true;

    apply("00-cassandra.yaml");
    apply("10-smsc-simulator.yaml");
    expectZero(kubectl("-n", NS, "rollout", "status", "statefulset/cassandra", "--timeout=10m"));
    expectZero(kubectl("-n", NS, "rollout", "status", "deployment/smsc-simulator", "--timeout=5m"));

    apply("20-platform.yaml");
    expectZero(wait("smsplatform/relais", "Ready", "10m"));
    apply("30-route.yaml");
    apply("40-sender.yaml");
    expectZero(wait("smpproute/simulator", "Ready", "5m"));
  }

  @AfterAll
  static void uninstall() throws Exception {
    FORWARDS.forEach(Process::destroy);
    if (!installed || System.getenv("RELAIS_E2E_KEEP") != null) {
      return;
    }
    kubectl("delete", "namespace", NS, "--wait=true", "--timeout=5m");
    Helm.uninstall("relais")
        .withKubeConfig(Path.of(KUBECONFIG))
        .withNamespace(OPERATOR_NS)
        .ignoreNotFound()
        .call();
  }

  @Test
  void aCampaignCompletesWithEveryMessageDeliveredThroughTheSimulator() throws Exception {
    String contacts = forward("svc/relais-contacts", 9091);
    int imported =
        cli(
            "contacts",
            "import",
            ROOT.resolve("examples/quickstart/contacts.csv").toString(),
            "--list",
            "quickstart",
            "--contacts",
            contacts);
    assertThat(imported).as("exit code of contacts import").isZero();

    apply("50-campaign.yaml");
    expectZero(wait("campaign/" + CAMPAIGN, "Completed", "15m"));

    Run counts =
        kubectl(
            "-n",
            NS,
            "get",
            "campaign",
            CAMPAIGN,
            "-o",
            "jsonpath={.status.queued} {.status.submitted} {.status.delivered} {.status.failed}");
    String[] figures = counts.output().strip().split(" ");
    long queued = Long.parseLong(figures[0]);
    assertThat(queued).as("queued").isPositive();
    assertThat(figures[1]).as("submitted").isEqualTo(figures[0]);
    // The simulator delivers every message it accepts; receipts may trail the Completed condition.
    expectEventually(
        () ->
            kubectl("-n", NS, "get", "campaign", CAMPAIGN, "-o", "jsonpath={.status.delivered}")
                .output()
                .strip()
                .equals(figures[0]),
        Duration.ofMinutes(2),
        "every queued message delivered");

    // The SMSC saw them: its counters (every 10 s in its log) count each part accepted.
    expectEventually(
        () -> simulatorAccepted() >= queued, Duration.ofSeconds(30), "the SMSC accepted them");

    String analytics = forward("svc/relais-analytics", 9094);
    StringWriter report = new StringWriter();
    int reported =
        cli(
            report,
            "campaign",
            "report",
            NS + "/" + CAMPAIGN,
            "--kubeconfig",
            KUBECONFIG,
            "--analytics",
            analytics);
    assertThat(reported).as("exit code of campaign report").isZero();
    assertThat(report.toString()).containsPattern("(?m)^Delivered +");
  }

  private static long simulatorAccepted() {
    try {
      Matcher last =
          Pattern.compile("accepted=(\\d+)")
              .matcher(kubectl("-n", NS, "logs", "deployment/smsc-simulator").output());
      long accepted = -1;
      while (last.find()) {
        accepted = Long.parseLong(last.group(1));
      }
      return accepted;
    } catch (Exception e) {
      return -1;
    }
  }

  private static void apply(String file) throws Exception {
    expectZero(kubectl("apply", "-f", EXAMPLES.resolve(file).toString()));
  }

  private static Run wait(String resource, String condition, String timeout) throws Exception {
    return kubectl(
        "-n", NS, "wait", "--for=condition=" + condition, resource, "--timeout=" + timeout);
  }

  /**
   * Starts {@code kubectl port-forward} to a service's port on a free local port and returns the
   * local address once kubectl says it forwards.
   */
  private static String forward(String service, int port) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
                "kubectl", "-n", NS, "port-forward", "--address", "127.0.0.1", service, ":" + port)
            .redirectErrorStream(true);
    builder.environment().put("KUBECONFIG", KUBECONFIG);
    Process process = builder.start();
    process.getOutputStream().close();
    FORWARDS.add(process);
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> address =
        CompletableFuture.supplyAsync(() -> {
          Pattern forwarding = Pattern.compile("Forwarding from (127\\.0\\.0\\.1:\\d+)");
          try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
              OUT.println("port-forward " + service + ": " + line);
              Matcher m = forwarding.matcher(line);
              if (m.find()) {
                return m.group(1);
              }
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
          throw new IllegalStateException("kubectl port-forward " + service + " ended");
        });
    return address.get(1, TimeUnit.MINUTES);
  }

  private static int cli(String... args) {
    return cli(new StringWriter(), args);
  }

  private static int cli(StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    var cli = RelaisCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    OUT.println("$ relais-cli " + String.join(" ", args) + "\n" + out + err);
    return exit;
  }

  private static Run kubectl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(WORK, "kubectl-" + args[0], ".out");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(output.toFile());
    builder.environment().put("KUBECONFIG", KUBECONFIG);
    Process process = builder.start();
    if (!process.waitFor(20, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " still running after 20 min");
    }
    String printed = Files.readString(output);
    OUT.println("$ kubectl " + String.join(" ", args) + "\n" + printed);
    return new Run(process.exitValue(), printed);
  }

  private static void expectZero(Run run) {
    assertThat(run.exit()).as(run.output()).isZero();
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void expectEventually(Check check, Duration timeout, String what)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not after " + timeout);
      }
      Thread.sleep(2_000);
    }
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
