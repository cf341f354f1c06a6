package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.local.launcher.SyntheticContacts.RowKind;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.RelaisStatus;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmppRoute;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code ./relais up}, {@code status} and {@code down} as a developer runs them: the script starts
 * the platform in the background and returns once it is ready; the quickstart's manifests are
 * applied through the kubeconfig it wrote, with the real kubectl when it is installed (the route
 * gets its SMSC simulator as it comes), its campaign is suspended, resumed and completes, and an
 * invalid manifest is refused with its cause; deleting the campaign and the route stops their
 * dispatch and simulator; {@code down} leaves no process and no listening port behind. The state
 * lives in target/, apart from a developer's own {@code .relais/up/}, and the script uses the
 * reactor's build instead of building again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RelaisUpIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path STATE = Path.of("target/relais-up").toAbsolutePath();
  private static final Path EXAMPLES = ROOT.resolve("examples/quickstart");
  private static final String NS = "relais-demo";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);

  /** The real kubectl drives the platform when it is installed; the Fabric8 client otherwise. */
  private static final boolean KUBECTL = onPath("kubectl");

  private static Properties services;
  private static KubernetesClient client;
  private static Manifests manifests;
  private static long platformPid;
  private static boolean down;

  /** A run of the script: its exit code and everything it printed. */
  private record Run(int exit, String output) {}

  @BeforeAll
  static void up() throws Exception {
    // A run of this test that was interrupted may have left its platform up.
    relais(Duration.ofMinutes(3), "down");
    Run up = relais(Duration.ofMinutes(6), "up");
    assertThat(up.exit()).as(up.output()).isZero();
    assertThat(up.output())
        .contains("export KUBECONFIG=" + STATE.resolve("kubeconfig"))
        .contains("kubectl apply -f examples/quickstart/");
    services = properties(STATE.resolve("services.properties"));
    // Where clicks and orders go, printed with the other addresses.
    assertThat(up.output())
        .contains("Clicks:      short links " + services.getProperty("links.baseurl") + "/<token>")
        .contains("Conversions: POST " + services.getProperty("conversions") + " (analytics)");
    platformPid = Long.parseLong(Files.readString(STATE.resolve("up.pid")).strip());
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(Files.readString(STATE.resolve("kubeconfig"))))
            .build();
    manifests = Manifests.load(EXAMPLES);
  }

  @AfterAll
  static void downIfStillUp() throws Exception {
    if (client != null) {
      client.close();
    }
    if (!down) {
      relais(Duration.ofMinutes(3), "down");
    }
  }

  @Test
  @Order(1)
  void upWritesWhereEveryServiceAnswersAndSaysSoTwice() throws Exception {
    assertThat(services.stringPropertyNames())
        .contains(
            "kubeconfig",
            "api",
            "contacts",
            "scheduler",
            "analytics",
            "links",
            "links.baseurl",
            "conversions");
    assertThat(services.getProperty("links.baseurl")).startsWith("http://127.0.0.1:");
    assertThat(services.getProperty("conversions"))
        .isEqualTo("http://" + services.getProperty("analytics") + "/v1/conversions");
    assertThat(services.getProperty("kubeconfig"))
        .isEqualTo(STATE.resolve("kubeconfig").toString());
    for (String service : List.of("contacts", "scheduler", "analytics", "links")) {
      assertThat(accepts(services.getProperty(service))).as(service).isTrue();
    }
    assertThat(client.getMasterUrl().toString()).isEqualTo(services.getProperty("api"));
    assertThat(client.namespaces().withName(NS).get()).as("namespace " + NS).isNotNull();

    Run status = relais(Duration.ofMinutes(1), "status");
    assertThat(status.exit()).as(status.output()).isZero();
    assertThat(status.output())
        .contains("Relais is up", "pid:         " + platformPid, services.getProperty("api"))
        .contains("contacts", services.getProperty("contacts"))
        .contains("Clicks:      short links " + services.getProperty("links.baseurl") + "/<token>")
        .contains("Conversions: POST " + services.getProperty("conversions"));

    Run again = relais(Duration.ofMinutes(1), "up");
    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(again.output())
        .contains("already up")
        .contains("export KUBECONFIG=" + STATE.resolve("kubeconfig"));
    assertThat(Files.readString(STATE.resolve("up.pid")).strip())
        .isEqualTo(Long.toString(platformPid));
  }

  @Test
  @Order(2)
  void theQuickstartAppliedThroughTheKubeconfigIsPausedResumedAndCompletes() throws Exception {
    Campaign campaign = manifests.campaigns().get(0);
    campaign.getSpec().suspend = true;
    String route = manifests.routes().get(0).getMetadata().getName();
    String name = campaign.getMetadata().getName();
    if (KUBECTL) {
      // As a user does: the files as they are, the campaign in a copy that starts suspended.
      Path suspended = STATE.resolve("campaign-suspended.yaml");
      Files.writeString(suspended, Serialization.asYaml(campaign));
      Run applied =
          kubectl(
              "apply",
              "-f",
              EXAMPLES.resolve("00-smsc-credentials.yaml").toString(),
              "-f",
              EXAMPLES.resolve("10-route.yaml").toString(),
              "-f",
              EXAMPLES.resolve("20-sender.yaml").toString(),
              "-f",
              suspended.toString());
      assertThat(applied.exit()).as(applied.output()).isZero();
      assertThat(applied.output()).contains("campaign.relais.dev/" + name + " created");
    } else {
      System.out.println(
          "RelaisUpIT: kubectl is not on the PATH; applying with the Fabric8 client");
      manifests.secrets().forEach(RelaisUpIT::apply);
      manifests.routes().forEach(RelaisUpIT::apply);
      manifests.senders().forEach(RelaisUpIT::apply);
      apply(campaign);
    }

    await("route " + route + " Ready", () -> ready(get(SmppRoute.class, route)));
    await(
        "the route's dispatch in services.properties",
        () -> reload().containsKey("dispatch." + NS + "." + route));
    await("the Campaign Paused", () -> "Paused".equals(status(name).phase));
    assertThat(status(name).submitted).as("submitted while paused").isIn(null, 0L);

    if (KUBECTL) {
      Run resumed =
          kubectl(
              "patch", "campaign", name, "--type", "merge", "-p", "{\"spec\":{\"suspend\":false}}");
      assertThat(resumed.exit()).as(resumed.output()).isZero();
      Run completed =
          kubectl("wait", "--for=condition=Completed", "campaign/" + name, "--timeout=240s");
      assertThat(completed.exit()).as(completed.output()).isZero();
    } else {
      client
          .resources(Campaign.class)
          .inNamespace(NS)
          .withName(name)
          .edit(c -> {
            c.getSpec().suspend = false;
            return c;
          });
      await("the Campaign Completed", () -> condition(get(Campaign.class, name), "Completed"));
    }

    long rows;
    try (Stream<String> lines = Files.lines(EXAMPLES.resolve("contacts.csv"))) {
      rows = lines.count() - 1;
    }
    long consenting =
        LongStream.range(0, rows)
            .filter(i -> SyntheticContacts.kindOf(i) == RowKind.CONSENTING)
            .count();
    Campaign.Status done = status(name);
    System.out.printf(
        "RelaisUpIT: %s, queued %d, submitted %d, delivered %d, suppressed %s%n",
        done.phase, done.queued, done.submitted, done.delivered, done.suppressed);
    assertThat(done.queued).isEqualTo(consenting);
    assertThat(done.submitted).isEqualTo(consenting);
    assertThat(done.delivered).isPositive().isLessThanOrEqualTo(consenting);
    if (KUBECTL) {
      Run counts =
          kubectl("get", "campaign", name, "-o", "jsonpath={.status.queued} {.status.submitted}");
      assertThat(counts.output().strip()).isEqualTo(consenting + " " + consenting);
      // The API server checks what a cluster checks: a French mobile number as sender is refused.
      Path invalid = STATE.resolve("sender-invalid.yaml");
      Files.writeString(
          invalid,
          Files.readString(EXAMPLES.resolve("20-sender.yaml"))
              .replace("name: relais-shop", "name: mobile-sender")
              .replace("type: alphanumeric", "type: longnumber")
              .replace("value: RELAISSHOP", "value: \"+33612345678\""));
      Run refused = kubectl("apply", "-f", invalid.toString());
      assertThat(refused.exit()).as(refused.output()).isNotZero();
      assertThat(refused.output()).contains("mobile-sender").contains("spec");
      assertThat(get(SenderId.class, "mobile-sender")).isNull();
    }

    Run status = relais(Duration.ofMinutes(1), "status");
    assertThat(status.output())
        .contains(NS + "/" + route)
        .contains("SMSC simulator on ")
        .contains(reload().getProperty("dispatch." + NS + "." + route));
  }

  @Test
  @Order(3)
  void deletingTheCampaignAndTheRouteStopsTheirDispatchAndSimulator() throws Exception {
    String route = manifests.routes().get(0).getMetadata().getName();
    String campaign = manifests.campaigns().get(0).getMetadata().getName();
    SmppRoute applied = get(SmppRoute.class, route);
    String smsc = applied.getSpec().host + ":" + applied.getSpec().port;
    String dispatch = reload().getProperty("dispatch." + NS + "." + route);
    assertThat(dispatch).as("dispatch." + NS + "." + route).isNotNull();
    List<Long> dispatchPids =
        recordedProcesses().entrySet().stream()
            .filter(e -> e.getValue().contains("relais-dispatch-" + route))
            .map(Map.Entry::getKey)
            .toList();
    assertThat(dispatchPids).isNotEmpty();
    assertThat(accepts(smsc)).as("the route's simulator at " + smsc).isTrue();
    assertThat(accepts(dispatch)).as("the route's dispatch at " + dispatch).isTrue();

    if (KUBECTL) {
      Run deleted = kubectl("delete", "campaign", campaign);
      assertThat(deleted.exit()).as(deleted.output()).isZero();
    } else {
      client.resources(Campaign.class).inNamespace(NS).withName(campaign).delete();
    }
    await("the Campaign gone", () -> get(Campaign.class, campaign) == null);
    if (KUBECTL) {
      Run deleted = kubectl("delete", "smpproute", route);
      assertThat(deleted.exit()).as(deleted.output()).isZero();
    } else {
      client.resources(SmppRoute.class).inNamespace(NS).withName(route).delete();
    }

    await(
        "the route's dispatch processes stopped",
        () ->
            dispatchPids.stream()
                .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    await(
        "the route's dispatch gone from services.properties",
        () -> !reload().containsKey("dispatch." + NS + "." + route));
    await("the route's simulator stopped", () -> !accepts(smsc));
  }

  @Test
  @Order(4)
  void downStopsEveryProcessAndPort() throws Exception {
    Map<Long, String> processes = recordedProcesses();
    List<String> addresses = new ArrayList<>();
    for (String key : services.stringPropertyNames()) {
      if (!key.equals("kubeconfig")) {
        String value = services.getProperty(key);
        // URLs (the API server, the links' base, the conversion ingest) by their host and port.
        addresses.add(value.contains("://") ? hostPort(value) : value);
      }
    }
    assertThat(processes).isNotEmpty();

    Run stop = relais(Duration.ofMinutes(3), "down");
    down = true;
    assertThat(stop.exit()).as(stop.output()).isZero();

    assertThat(ProcessHandle.of(platformPid).map(ProcessHandle::isAlive))
        .isIn(Optional.empty(), Optional.of(false));
    List<String> alive =
        processes.entrySet().stream()
            .filter(e -> ProcessHandle.of(e.getKey()).map(ProcessHandle::isAlive).orElse(false))
            .map(e -> e.getValue() + " (pid " + e.getKey() + ")")
            .toList();
    assertThat(alive).as("processes of the platform still running").isEmpty();
    List<String> listening = addresses.stream().filter(RelaisUpIT::accepts).toList();
    assertThat(listening).as("ports still accepting connections").isEmpty();
    assertThat(STATE.resolve("services.properties")).doesNotExist();
    assertThat(STATE.resolve("up.pid")).doesNotExist();

    Run status = relais(Duration.ofMinutes(1), "status");
    assertThat(status.exit()).as(status.output()).isEqualTo(3);
    assertThat(status.output()).contains("Relais is down");
    Run again = relais(Duration.ofMinutes(1), "down");
    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(again.output()).contains("not running");
  }

  /** Runs the real kubectl with the kubeconfig {@code up} wrote. */
  private static Run kubectl(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(Path.of("target"), "kubectl-" + args[0], ".out");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(output.toFile());
    builder.environment().put("KUBECONFIG", STATE.resolve("kubeconfig").toString());
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " still running after 5 min");
    }
    String printed = Files.readString(output);
    System.out.println("$ kubectl " + String.join(" ", args) + "\n" + printed);
    return new Run(process.exitValue(), printed);
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }

  /** Runs {@code ../relais args} with this test's state directory and the reactor's build. */
  private static Run relais(Duration timeout, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", ROOT.resolve("relais").toString()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(Path.of("target"), "relais-" + args[0], ".out");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(output.toFile());
    builder.environment().put("RELAIS_SKIP_BUILD", "1");
    builder.environment().put("RELAIS_STATE_DIR", STATE.toString());
    builder.environment().put("RELAIS_CASSANDRA", SharedCassandra.contactPoint());
    Process process = builder.start();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "./relais "
              + String.join(" ", args)
              + " still running after "
              + timeout
              + ":\n"
              + Files.readString(output));
    }
    String printed = Files.readString(output);
    System.out.println("$ ./relais " + String.join(" ", args) + "\n" + printed);
    return new Run(process.exitValue(), printed);
  }

  /** The recorded processes of the platform: pid to name. */
  private static Map<Long, String> recordedProcesses() throws IOException {
    Map<Long, String> processes = new TreeMap<>();
    for (String line : Files.readAllLines(STATE.resolve("processes"))) {
      String[] fields = line.split("\t");
      processes.put(Long.parseLong(fields[0]), fields[2]);
    }
    return processes;
  }

  private static Properties reload() {
    try {
      return properties(STATE.resolve("services.properties"));
    } catch (IOException e) {
      return new Properties();
    }
  }

  private static Properties properties(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      properties.load(in);
    }
    return properties;
  }

  private static String hostPort(String url) {
    URI uri = URI.create(url);
    return uri.getHost() + ":" + uri.getPort();
  }

  /** Whether something accepts TCP connections at host:port. */
  private static boolean accepts(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(
              hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))),
          1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static <T extends HasMetadata> void apply(T resource) {
    client.resource(resource).createOr(existing -> existing.update());
  }

  private static <T extends HasMetadata> T get(Class<T> type, String name) {
    return client.resources(type).inNamespace(NS).withName(name).get();
  }

  private static Campaign.Status status(String campaign) {
    Campaign current = get(Campaign.class, campaign);
    return current == null || current.getStatus() == null
        ? new Campaign.Status()
        : current.getStatus();
  }

  private static boolean ready(HasMetadata resource) {
    return condition(resource, "Ready");
  }

  private static boolean condition(HasMetadata resource, String type) {
    if (resource == null) {
      return false;
    }
    RelaisStatus status =
        switch (resource) {
          case SmppRoute r -> r.getStatus();
          case Campaign c -> c.getStatus();
          default -> null;
        };
    return status != null
        && status.conditions.stream().anyMatch(c -> type.equals(c.type) && "True".equals(c.status));
  }

  private static void await(String what, BooleanSupplier condition) {
    Instant giveUp = Instant.now().plus(TIMEOUT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError(what + ": not within " + TIMEOUT);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
