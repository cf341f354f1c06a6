package dev.relais.local.launcher;

import dev.relais.operator.api.Campaign;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./relais up}: the local platform kept running, in a process of its own that the script
 * detaches from the terminal. It starts what the demo starts (Cassandra, the local API server, the
 * operator, the process kubelet) with the SmsPlatform of the examples' namespace, imports the
 * examples' contacts into the lists their campaigns send to, gives every SmppRoute applied later
 * its SMSC simulator, and writes its state files ({@link UpState}, a kubeconfig). It stops, in
 * order, when {@code ./relais down} leaves a {@value #STOP} file in its state directory. With
 * {@code --zipkin JAR} it also runs the Zipkin server every process exports its spans to ({@link
 * LocalZipkin}), with {@code --metrics} a Prometheus scraping every process ({@link
 * LocalPrometheus}), both stopped last. Its components talk mutual TLS ({@link LocalPki}, the CA
 * and relais-admin's certificate in {@code tls/} beside the state directory, .relais/tls/ by
 * default) with {@code --tls}.
 */
public final class LocalUp {

  /** The file whose appearance asks the platform to stop. */
  static final String STOP = "stop";

  /** The process id of this JVM. */
  static final String PID = "up.pid";

  /** What {@code ./relais up} prints once the platform is ready, beside its own hints. */
  static final String NOTES = "notes";

  private LocalUp() {}

  public static void main(String[] args) throws Exception {
    Path state = null;
    Path examples = Path.of("examples/quickstart");
    boolean apply = false;
    boolean contacts = true;
    boolean realTime = false;
    Path zipkinJar = null;
    boolean metrics = false;
    boolean tls = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--state" -> state = Path.of(value(args, ++i, "--state"));
        case "--examples" -> examples = Path.of(value(args, ++i, "--examples"));
        case "--apply" -> apply = true;
        case "--no-contacts" -> contacts = false;
        case "--real-time" -> realTime = true;
        case "--zipkin" -> zipkinJar = Path.of(value(args, ++i, "--zipkin"));
        case "--metrics" -> metrics = true;
        case "--tls" -> tls = true;
        default -> fail("unknown argument: " + args[i] + " (see ./relais up --help)");
      }
    }
    if (state == null) {
      fail("--state DIR is required (./relais up gives it)");
    }
    Manifests manifests = Manifests.load(examples);
    if (manifests.campaigns().isEmpty()) {
      fail("no Campaign in " + examples + ": up prepares the namespace its campaigns run in");
    }
    Path contactsFile = examples.resolve("contacts.csv");
    if (contacts && !Files.isRegularFile(contactsFile)) {
      fail("contacts file not found: " + contactsFile + " (--no-contacts to import none)");
    }
    state = state.toAbsolutePath();
    Files.createDirectories(state);
    UpState.replace(state.resolve(PID), ProcessHandle.current().pid() + "\n");
    Files.deleteIfExists(state.resolve(STOP));
    System.exit(
        run(
            state,
            examples,
            manifests,
            apply,
            contacts ? contactsFile : null,
            realTime,
            tls,
            new Observability(zipkinJar, metrics)));
  }

  private static int run(
      Path state,
      Path examples,
      Manifests manifests,
      boolean apply,
      Path contactsFile,
      boolean realTime,
      boolean tls,
      Observability observability)
      throws IOException {
    PrintStream out = System.out;
    LauncherLogging.toFile(state.resolve("launcher.log"));
    Campaign first = manifests.campaigns().get(0);
    Instant now = Instant.now();
    DemoClock.Choice clock =
        realTime ? DemoClock.realTime(first, now) : DemoClock.forCampaign(first, now);
    out.println("Clock: " + clock.note());
    ClusterDemo.Options options =
        ClusterDemo.Options.defaults(state.resolve("run"), out).withClockOffset(clock.offset());
    // The CA and relais-admin's certificate, for the CLI and other clients: .relais/tls/ beside
    // the state directory (.relais/up/), where the CLI looks for them.
    options = tls ? options.withTls(state.resolveSibling("tls")) : options.withoutTls();
    AtomicBoolean stopped = new AtomicBoolean();
    ClusterDemo platform = null;
    RouteSimulators simulators = null;
    LocalZipkin zipkin = null;
    LocalPrometheus prometheus = null;
    UpState files = null;
    StringBuilder notes = new StringBuilder();
    notes.append("Clock: ").append(clock.note()).append('\n');
    // Each process recorded as it starts, so that ./relais down stops it whenever this JVM dies.
    StartedProcesses started = StartedProcesses.recordedIn(state.resolve(UpState.PROCESSES));
    try {
      if (observability.zipkinJar() != null) {
        // Booting alongside Cassandra; awaited before any service starts.
        out.println("Starting Zipkin (traces, kept in memory)...");
        zipkin = LocalZipkin.start(observability.zipkinJar(), state.resolve("zipkin.log"), started);
        options = options.withTraces(zipkin);
      }
      platform = ClusterDemo.start(options, manifests);
      if (platform.cassandraPid().isPresent()) {
        started.record("cassandra", platform.cassandraPid().get());
      }
      if (zipkin != null) {
        zipkin.awaitReady(LocalZipkin.START_TIMEOUT);
        out.println("Zipkin ready: " + zipkin.url() + " (every message is traced)");
        notes
            .append("Traces: Zipkin ")
            .append(zipkin.url())
            .append(" (a campaign's trace: ")
            .append(zipkin.traceUrl("<status.traceId>"))
            .append(")\n");
      }
      if (observability.metrics()) {
        prometheus = startPrometheus(state, platform, out, notes, started).orElse(null);
      }
      simulators = new RouteSimulators(platform.cluster().client(), out).start();
      Stopper stopper = new Stopper(platform, simulators, zipkin, prometheus, stopped);
      Runtime.getRuntime().addShutdownHook(new Thread(stopper::stop, "relais-up-stop"));
      Path kubeconfig =
          platform
              .cluster()
              .api()
              .writeKubeconfig(state.resolve("kubeconfig"), platform.cluster().namespace());
      files =
          new UpState(
              state,
              kubeconfig,
              platform,
              simulators,
              clock.note(),
              Optional.ofNullable(zipkin),
              Optional.ofNullable(prometheus),
              started);
      // The pods recorded from the start, so that ./relais down finds them if the start fails.
      files.recordProcesses();
      UpState recording = files;
      Thread recorder =
          Thread.ofVirtual()
              .name("relais-up-record")
              .start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                  try {
                    recording.recordProcesses();
                    recording.updateScrapeTargets();
                    Thread.sleep(1000);
                  } catch (InterruptedException e) {
                    return;
                  } catch (IOException | RuntimeException e) {
                    // the next round tries again
                  }
                }
              });
      platform.applyPlatform();
      platform.awaitServices();
      for (String line : platform.clicksAndConversions()) {
        out.println(line);
        notes.append(line).append('\n');
      }
      if (contactsFile != null) {
        importContacts(platform, manifests, contactsFile, out, notes);
      }
      if (apply) {
        out.println("Applying " + examples + " (kubectl apply -f " + examples + ")...");
        manifests.secrets().forEach(platform.cluster()::apply);
        manifests.platforms().forEach(platform.cluster()::apply);
        manifests.routes().forEach(platform.cluster()::apply);
        manifests.senders().forEach(platform.cluster()::apply);
        manifests.segments().forEach(platform.cluster()::apply);
        manifests.campaigns().forEach(platform.cluster()::apply);
        notes.append("Applied ").append(examples).append('\n');
      }
      UpState.replace(state.resolve(NOTES), notes.toString());
      recorder.interrupt();
      files.refresh();
      out.println("Ready");
      while (!Files.exists(state.resolve(STOP))) {
        sleep(1000);
        files.refresh();
      }
      out.println("Stopping (asked by ./relais down)...");
      files.clear();
      stopper.stop();
      out.println("Stopped");
      return 0;
    } catch (RuntimeException | IOException | Error e) {
      // An Error too: left to end main, it would leave the platform's threads keeping this JVM up.
      out.println("ERROR: " + e.getMessage() + " (details: " + state.resolve("launcher.log") + ")");
      java.util.logging.Logger.getLogger(LocalUp.class.getName())
          .log(java.util.logging.Level.SEVERE, "up failed", e);
      if (files != null) {
        files.clear();
      }
      new Stopper(platform, simulators, zipkin, prometheus, stopped).stop();
      return 1;
    } finally {
      Files.deleteIfExists(state.resolve(STOP));
      Files.deleteIfExists(state.resolve(NOTES));
      Files.deleteIfExists(state.resolve(PID));
    }
  }

  /** Imports the contacts file once per list the campaigns send to, as the demo does. */
  private static void importContacts(
      ClusterDemo platform,
      Manifests manifests,
      Path contactsFile,
      PrintStream out,
      StringBuilder notes)
      throws IOException {
    Set<String> lists = new HashSet<>();
    for (Campaign campaign : manifests.campaigns()) {
      String list = campaign.getSpec().audience == null ? null : campaign.getSpec().audience.list;
      if (list == null || !lists.add(list)) {
        continue;
      }
      var report = CampaignContacts.importFor(platform.contacts(), campaign, contactsFile, out);
      notes.append(
          String.format(
              "Contacts: %s imported into list '%s' (%d rows, %d rejected)%n",
              contactsFile, list, report.getRows(), report.getRejected()));
    }
  }

  /**
   * Starts Prometheus on the platform's processes when it is installed; otherwise says how to
   * install it.
   */
  private static Optional<LocalPrometheus> startPrometheus(
      Path state,
      ClusterDemo platform,
      PrintStream out,
      StringBuilder notes,
      StartedProcesses started)
      throws IOException {
    Optional<Path> executable = LocalPrometheus.installed();
    if (executable.isEmpty()) {
      String hint =
          "Metrics: prometheus is not installed, so nothing scrapes the processes' /metrics"
              + " (Debian/Ubuntu: apt-get install prometheus)";
      out.println(hint);
      notes.append(hint).append('\n');
      return Optional.empty();
    }
    Path dir = state.resolve("prometheus");
    // Each up starts with empty data, Prometheus' included.
    LocalPlatform.wipe(dir);
    Path alerts =
        Files.isRegularFile(LocalPrometheus.CHART_ALERTS) ? LocalPrometheus.CHART_ALERTS : null;
    LocalPrometheus.writeConfig(dir, Optional.ofNullable(alerts));
    LocalPrometheus.writeTargets(dir, platform.cluster().metricsTargets());
    LocalPrometheus prometheus =
        LocalPrometheus.start(executable.get(), dir, dir.resolve("prometheus.log"), started)
            .awaitReady(Duration.ofMinutes(1));
    out.println("Prometheus ready: " + prometheus.url());
    notes
        .append("Metrics: Prometheus ")
        .append(prometheus.url())
        .append(" (config ")
        .append(prometheus.config())
        .append(alerts == null ? "" : ", with the chart's alert rules")
        .append(")\n");
    return Optional.of(prometheus);
  }

  /** What to run beside the platform: Zipkin (from its jar, if given) and Prometheus. */
  private record Observability(Path zipkinJar, boolean metrics) {}

  /**
   * Stops the platform once, in order: simulators' watch, operator and processes, Cassandra, then
   * Prometheus and Zipkin (after the processes sent their last spans).
   */
  private record Stopper(
      ClusterDemo platform,
      RouteSimulators simulators,
      LocalZipkin zipkin,
      LocalPrometheus prometheus,
      AtomicBoolean stopped) {
    void stop() {
      if (!stopped.compareAndSet(false, true)) {
        return;
      }
      if (simulators != null) {
        simulators.stopWatching();
      }
      if (platform != null) {
        platform.close();
      }
      // After dispatch stopped, so that no bind sees its SMSC go first.
      if (simulators != null) {
        simulators.close();
      }
      if (prometheus != null) {
        prometheus.close();
      }
      if (zipkin != null) {
        zipkin.close();
      }
    }
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      fail(option + " needs a value");
    }
    return args[i];
  }

  private static void fail(String message) {
    System.err.println("relais up: " + message);
    System.exit(2);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
