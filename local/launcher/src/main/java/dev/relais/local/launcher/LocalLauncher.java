package dev.relais.local.launcher;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code ./relais demo}: runs the whole platform on this machine and sends the quickstart campaign
 * through it, from the manifests in {@code examples/quickstart/}.
 */
public final class LocalLauncher {

  private LocalLauncher() {}

  public static void main(String[] args) throws Exception {
    Path examples = Path.of("examples/quickstart");
    Path contacts = null;
    Path zipkinJar = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--examples" -> examples = Path.of(args[++i]);
        case "--contacts" -> contacts = Path.of(args[++i]);
        case "--zipkin" -> zipkinJar = Path.of(args[++i]);
        case "-h", "--help" -> {
          System.out.println(
              "usage: ./relais demo [--examples DIR] [--contacts FILE.csv] [--traces]\n"
                  + "Runs Cassandra, an SMSC simulator and the Relais services locally, applies the"
                  + " manifests of DIR (default examples/quickstart), imports FILE.csv (default"
                  + " DIR/contacts.csv) and runs the campaigns. --traces also runs Zipkin, traces"
                  + " every message, prints the campaign's trace and keeps Zipkin until Enter.");
          return;
        }
        default -> {
          System.err.println("unknown argument: " + args[i] + " (try --help)");
          System.exit(2);
        }
      }
    }
    contacts = contacts == null ? examples.resolve("contacts.csv") : contacts;
    if (!Files.isRegularFile(contacts)) {
      System.err.println("contacts file not found: " + contacts);
      System.exit(2);
    }
    PrintStream out = System.out;
    LauncherLogging.toFile(Path.of(".relais/local-launcher.log"));
    Manifests manifests = Manifests.load(examples);
    if (manifests.campaigns().isEmpty()) {
      System.err.println("no Campaign in " + examples);
      System.exit(2);
    }
    Instant now = Instant.now();
    DemoClock.Choice clock = DemoClock.forCampaign(manifests.campaigns().get(0), now);
    String clockNote = clock.note();
    out.println("Relais local platform — " + clockNote);

    ClusterDemo.Options options =
        ClusterDemo.Options.defaults(Path.of(".relais/local"), out).withClockOffset(clock.offset());
    LocalZipkin zipkin = null;
    if (zipkinJar != null) {
      out.println("Starting Zipkin (traces, kept in memory)...");
      // No ./relais down follows a demo: Zipkin stops with this JVM (or on Enter).
      zipkin =
          LocalZipkin.start(
              zipkinJar, Path.of(".relais/zipkin.log"), StartedProcesses.unrecorded());
      options = options.withTraces(zipkin);
    }
    Map<String, String> traces;
    try (ClusterDemo demo = ClusterDemo.start(options, manifests)) {
      if (zipkin != null) {
        zipkin.awaitReady(LocalZipkin.START_TIMEOUT);
        out.println("Zipkin ready: " + zipkin.url() + " (every message is traced)");
      }
      List<DemoSummary> summaries = demo.run(manifests, contacts, clockNote);
      summaries.forEach(s -> s.print(out));
      out.println();
      out.println("Peak memory per process:");
      for (Map.Entry<String, Long> peak : demo.peakMemory().entrySet()) {
        out.printf("  %-40s%6d MiB%n", peak.getKey(), peak.getValue() / (1024 * 1024));
      }
      out.println("Logs: .relais/local/logs/");
      traces = demo.traceIds();
    }
    if (zipkin != null) {
      showTraces(zipkin, traces, out);
    }
  }

  /**
   * Prints where each campaign's trace opens (its messages are spans of it), then keeps Zipkin
   * running, the platform stopped, until Enter (or the end of the input).
   */
  private static void showTraces(LocalZipkin zipkin, Map<String, String> traces, PrintStream out)
      throws java.io.IOException {
    try (zipkin) {
      out.println();
      if (traces.isEmpty()) {
        out.println("Traces: no campaign reported a trace id; all traces: " + zipkin.url());
      }
      traces.forEach((campaign, traceId) ->
          out.println(
              "Trace of campaign " + campaign + " and its messages: " + zipkin.traceUrl(traceId)));
      out.println("Zipkin keeps the traces until you press Enter.");
      System.in.read();
    }
  }
}
