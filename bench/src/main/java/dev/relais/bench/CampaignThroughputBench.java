package dev.relais.bench;

import dev.relais.contacts.client.ContactsImporter;
import dev.relais.local.launcher.DemoClock;
import dev.relais.local.launcher.LocalPlatform;
import dev.relais.local.launcher.ManifestTranslator;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.OtlpReceiver;
import dev.relais.local.launcher.ProcessStats;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmppRoute;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.smsc.SmscSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;

/**
 * End-to-end send throughput of one campaign through the local platform (expansion, queue,
 * submit_sm, submit_sm_resp, receipts back), against a bare-SMPP baseline in the same run.
 *
 * <p>Run it with {@code ./relais bench [--recipients N] [--sessions S] [--window W]}. {@code
 * --tracing on} exports every process's spans over OTLP/gRPC to a receiver on loopback (the message
 * sampling at its default, or {@code --sampling R}); {@code --tracing off} makes no per-message
 * trace at all (message sampling 0, nothing exported); by default nothing is exported and messages
 * are sampled at the default ratio, as the runs before tracing existed measured. {@code --links on}
 * sends every recipient a tracked short link (the campaign gets a landing URL and each template
 * ends with {@code {{link}}}, so expansion creates one link per message in the links service);
 * {@code --links plain} ends each template with the same landing URL written out, untracked (what
 * the campaign would send without tracking: the baseline of the tracking's cost, a text of about
 * the same length); {@code --links off} takes every link placeholder out; by default the quickstart
 * campaign is sent as written. {@code --links compare [--rounds R]} measures {@code on} against
 * {@code plain} on one platform: a warm-up of each (as many recipients as a measured campaign
 * unless {@code --warmup} says otherwise), then R pairs of campaigns in alternating order, each to
 * contacts of its own, and each pair's ratio.
 */
public final class CampaignThroughputBench {

  private static final Path QUICKSTART = Path.of("examples/quickstart");
  private static final String WARMUP_LIST = "bench-warmup";
  private static final String COMPARE = "compare";

  private CampaignThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int recipients = 100_000;
    int sessions = 4;
    int window = 64;
    int warmupRecipients = -1; // default: a fifth of the recipients (at least 5,000); compare: all
    boolean settle = true;
    String tracing = null; // null: as before tracing was measured, "on" or "off"
    String sampling = null;
    String links = null; // null: the campaign as written, "on", "plain", "off" or "compare"
    int rounds = 3; // with --links compare: pairs of measured campaigns
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--recipients" -> recipients = Integer.parseInt(args[++i]);
        case "--sessions" -> sessions = Integer.parseInt(args[++i]);
        case "--window" -> window = Integer.parseInt(args[++i]);
        case "--no-warmup" -> warmupRecipients = 0;
        case "--warmup" -> warmupRecipients = Integer.parseInt(args[++i]);
        case "--no-settle" -> settle = false;
        case "--tracing" -> tracing = tracingMode(args[++i]);
        case "--sampling" -> sampling = args[++i];
        case "--links" -> links = linksMode(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> {
          System.err.println(
              "usage: ./relais bench [--recipients N] [--sessions S] [--window W]"
                  + " [--warmup N | --no-warmup] [--no-settle] [--tracing on|off]"
                  + " [--sampling RATIO] [--links on|plain|off | --links compare [--rounds R]]");
          System.exit(2);
        }
      }
    }
    if (warmupRecipients < 0) {
      // Compare mode judges a per-page path: its methods (run once per 1,000 messages) reach the
      // compiler only after about a hundred pages, so each kind warms up with a whole campaign.
      warmupRecipients = COMPARE.equals(links) ? recipients : Math.max(5_000, recipients / 5);
    }
    boolean warmup = warmupRecipients > 0;
    String command =
        "./relais bench --recipients "
            + recipients
            + " --sessions "
            + sessions
            + " --window "
            + window
            + (warmup ? " --warmup " + warmupRecipients : " --no-warmup")
            + (settle ? "" : " --no-settle")
            + (tracing == null ? "" : " --tracing " + tracing)
            + (sampling == null ? "" : " --sampling " + sampling)
            + (links == null ? "" : " --links " + links)
            + (COMPARE.equals(links) ? " --rounds " + rounds : "");
    Path work = Path.of(".relais/bench");
    Path contacts = Path.of(".relais/bench-contacts-" + recipients + ".csv");

    Manifests manifests = Manifests.load(QUICKSTART);
    SmppRoute route = manifests.routes().get(0);
    route.getSpec().maxTps = 100_000; // the benchmark measures the platform, not a carrier limit
    route.getSpec().sessions = sessions;
    route.getSpec().windowSize = window;
    boolean compare = COMPARE.equals(links);
    Campaign campaign = withLinks(manifests.campaigns().get(0), compare ? null : links);
    Duration offset =
        DemoClock.offsetFor("fr-marketing", true, Instant.now(), ZoneId.of("Europe/Paris"));

    System.out.println(
        "Baseline: bare jsmpp submits to an SMSC simulator, same sessions and window...");
    double baseline = SmppBaseline.run(sessions, window, 50_000);
    System.out.printf("  %.0f messages/s%n", baseline);

    LocalPlatform.Options options =
        LocalPlatform.Options.defaults(work, System.out)
            .withClockOffset(offset)
            .withSimulator(b -> b.recordMessages(false).dlrDelay(Duration.ofMillis(50)));
    OtlpReceiver receiver = "on".equals(tracing) ? OtlpReceiver.start() : null;
    Map<String, String> telemetry = new LinkedHashMap<>();
    if (receiver != null) {
      telemetry.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
      telemetry.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
    }
    if ("off".equals(tracing)) {
      telemetry.put("TELEMETRY_MESSAGE_SAMPLING", "0");
    } else if (sampling != null) {
      telemetry.put("TELEMETRY_MESSAGE_SAMPLING", sampling);
    }
    for (String service : List.of("contacts", "analytics", "links", "scheduler", "dispatch")) {
      options = options.withServiceEnvironment(service, telemetry);
    }
    try (LocalPlatform platform = LocalPlatform.start(options)) {
      String password =
          manifests.secretValue(
              route.getMetadata().getNamespace(), route.getSpec().passwordSecretRef);
      platform.scheduler().upsertRoute(ManifestTranslator.route(route));
      LocalPlatform.RouteRuntime runtime = platform.deployRoute(route, password, 1);
      SmscSimulator simulator = runtime.simulator();

      var sender =
          manifests
              .sender(campaign.getMetadata().getNamespace(), campaign.getSpec().senderIdRef)
              .orElseThrow();
      if (compare) {
        compare(
            platform,
            campaign,
            sender,
            simulator,
            baseline,
            recipients,
            warmupRecipients,
            rounds,
            settle);
      } else {
        if (warmup) {
          // Fresh JVMs spend their first minute compiling (about 30 % of every process's CPU in a
          // profile of a cold 30,000-message run): a platform in production runs warm, so the
          // measured campaign follows a smaller one on other contacts (a warm-up as large as the
          // campaign measured no faster: the rest of the compilation is spread thin).
          Path warmupContacts = Path.of(".relais/bench-warmup-" + warmupRecipients + ".csv");
          SyntheticContacts.write(warmupContacts, warmupRecipients, 11, false);
          importContacts(platform, warmupContacts, WARMUP_LIST);
          System.out.println("Warm-up campaign (" + warmupRecipients + " other contacts)...");
          warmUp(platform, withLinks(copyFor(campaign, WARMUP_LIST), links), sender, simulator);
        }
        SyntheticContacts.write(contacts, recipients, 7, false);
        importContacts(platform, contacts, campaign.getSpec().audience.list);
        if (settle) {
          awaitRest();
        }
        measure(platform, campaign, sender, simulator, baseline, recipients);
      }
      if (receiver != null) {
        List<OtlpReceiver.ReceivedSpan> spans = settledSpans(receiver);
        System.out.printf(
            "Spans exported:           %d (%d submit_sm), in %d traces%n",
            spans.size(),
            spans.stream().filter(span -> span.name().equals("submit_sm")).count(),
            spans.stream().map(OtlpReceiver.ReceivedSpan::traceId).distinct().count());
        receiver.close();
      }
      System.out.println("Rerun with: " + command);
    }
  }

  /**
   * {@code --links compare}: tracked links against the landing URL written out, on the same
   * platform. A warm-up campaign of each kind, then {@code rounds} pairs of measured campaigns, the
   * order alternating (plain first in odd rounds), each to contacts of its own (so that no
   * frequency cap counts a recipient twice); then each pair's ratio. The same processes run both
   * kinds, so the JIT state and the machine's drift weigh on both alike, which separate runs of
   * {@code --links on} and {@code --links plain} cannot give.
   */
  private static void compare(
      LocalPlatform platform,
      Campaign quickstart,
      SenderId sender,
      SmscSimulator simulator,
      double baseline,
      int recipients,
      int warmupRecipients,
      int rounds,
      boolean settle)
      throws Exception {
    long nextRow = 0;
    if (warmupRecipients > 0) {
      for (String mode : List.of("plain", "on")) {
        String list = WARMUP_LIST + "-" + mode;
        importAudience(platform, list, nextRow, warmupRecipients);
        nextRow += warmupRecipients;
        System.out.println("Warm-up campaign, --links " + mode + "...");
        warmUp(platform, withLinks(copyFor(quickstart, list), mode), sender, simulator);
      }
    }
    List<Measured[]> pairs = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      Measured[] pair = new Measured[2]; // plain, on
      List<String> order = round % 2 == 1 ? List.of("plain", "on") : List.of("on", "plain");
      for (String mode : order) {
        String list = "bench-" + mode + "-" + round;
        importAudience(platform, list, nextRow, recipients);
        nextRow += recipients;
        if (settle) {
          awaitRest();
        }
        System.out.printf("%nRound %d of %d: --links %s%n", round, rounds, mode);
        Campaign measured = withLinks(copyFor(quickstart, list), mode);
        pair[mode.equals("plain") ? 0 : 1] =
            measure(platform, measured, sender, simulator, baseline, recipients);
      }
      pairs.add(pair);
    }
    System.out.println();
    System.out.println("== Tracked links against the landing URL written out, same platform ==");
    System.out.println(
        "round   plain: messages/s (CPU µs per message, outside the JIT)   on: the same     on/plain");
    double[] ratios = new double[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      Measured plain = pairs.get(i)[0];
      Measured on = pairs.get(i)[1];
      double ratio = on.throughput() / plain.throughput();
      ratios[i] = ratio;
      System.out.printf(
          "%5d   %6.0f (%5.0f, %5.0f)                                     %6.0f (%5.0f, %5.0f)"
              + "  %+6.1f %%%n",
          i + 1,
          plain.throughput(),
          plain.budget().totalMicros(),
          plain.budget().totalMicrosOutsideJit(),
          on.throughput(),
          on.budget().totalMicros(),
          on.budget().totalMicrosOutsideJit(),
          100 * (ratio - 1));
    }
    System.out.printf(
        "Tracking's cost in throughput, mean of the rounds: %+.1f %%%n",
        100 * (mean(ratios, 0, ratios.length) - 1));
    if (ratios.length >= 4) {
      // A cost that grows with the data stored shows as a drift the mean alone hides.
      int half = ratios.length / 2;
      System.out.printf(
          "  first %d rounds: %+.1f %%, last %d: %+.1f %%%n",
          half,
          100 * (mean(ratios, 0, half) - 1),
          ratios.length - half,
          100 * (mean(ratios, half, ratios.length) - 1));
    }
    System.out.println("Cassandra, CPU µs per message outside the JIT, by round (plain / on):");
    StringBuilder cassandra = new StringBuilder(" ");
    for (Measured[] pair : pairs) {
      cassandra.append(
          String.format(
              " %.0f/%.0f",
              pair[0].budget().microsOutsideJit("cassandra"),
              pair[1].budget().microsOutsideJit("cassandra")));
    }
    System.out.println(cassandra);
  }

  private static double mean(double[] values, int from, int to) {
    return Arrays.stream(values, from, to).average().orElseThrow();
  }

  /** Sends a warm-up campaign and prints its rate. */
  private static void warmUp(
      LocalPlatform platform, Campaign campaign, SenderId sender, SmscSimulator simulator)
      throws Exception {
    CampaignRun cold =
        CampaignRun.follow(
            platform, campaign, ManifestTranslator.campaign(campaign, sender, null), simulator);
    System.out.printf(
        "  warm-up: %d submitted in %.1f s, %.0f messages/s%n",
        cold.stats().getSubmitted(), cold.sendSeconds(), cold.throughput());
  }

  /** Imports rows {@code firstRow} on of the synthetic contacts into {@code list}. */
  private static void importAudience(LocalPlatform platform, String list, long firstRow, int rows)
      throws Exception {
    Path file = Path.of(".relais/" + list + ".csv");
    SyntheticContacts.write(file, firstRow, rows, 7, false);
    importContacts(platform, file, list);
  }

  /** A measured campaign: its end-to-end throughput and what each message cost. */
  record Measured(double throughput, CpuBudget budget) {}

  /**
   * Sends {@code campaign} (its contacts imported) and prints what it took: throughput, CPU per
   * process, Cassandra's operations per message.
   */
  private static Measured measure(
      LocalPlatform platform,
      Campaign campaign,
      SenderId sender,
      SmscSimulator simulator,
      double baseline,
      int recipients)
      throws Exception {
    CassandraOperations cassandra = CassandraOperations.connect(platform.cassandraContactPoint());
    Map<String, long[]> operationsBefore = cassandra.snapshot();
    Map<String, Double> cpuBefore = cpu(platform, ProcessStats::cpuSeconds);
    Map<String, Double> jitBefore = cpu(platform, ProcessStats::compilerCpuSeconds);
    long smscBefore = simulator.stats().submitsReceived();
    MachineTime machineBefore = MachineTime.now();
    CampaignRun run =
        CampaignRun.follow(
            platform, campaign, ManifestTranslator.campaign(campaign, sender, null), simulator);
    CampaignStats stats = run.stats();
    CampaignStatus status = run.status();
    Map<String, Double> cpuSpent = difference(cpu(platform, ProcessStats::cpuSeconds), cpuBefore);
    Map<String, Double> jitSpent =
        difference(cpu(platform, ProcessStats::compilerCpuSeconds), jitBefore);
    MachineTime machine = MachineTime.now().since(machineBefore);
    List<CassandraOperations.Table> operations =
        CassandraOperations.between(operationsBefore, cassandra.snapshot());
    cassandra.close();
    double sendSeconds = run.sendSeconds();
    double throughput = run.throughput();

    System.out.println();
    System.out.println("== Relais campaign throughput ==");
    System.out.printf("Recipients:               %d (queued %d)%n", recipients, status.getQueued());
    System.out.printf(
        "Submitted:                %d (failed %d)%n",
        stats.getSubmitted(), stats.getSubmitFailed());
    System.out.printf("Delivered:                %d%n", stats.getDelivered());
    System.out.printf("First submit_sm after:    %.2f s%n", run.firstSubmitSeconds());
    System.out.printf("All submitted after:      %.1f s%n", sendSeconds);
    System.out.printf("Receipts in after:        %.1f s%n", run.receiptsSeconds());
    System.out.printf(
        "submit_sm at the SMSC:    %d (%d parts' worth beyond one per message)%n",
        simulator.stats().submitsReceived() - smscBefore,
        simulator.stats().submitsReceived() - smscBefore - stats.getSubmitted());
    System.out.printf("Throughput (end to end):  %.0f messages/s%n", throughput);
    System.out.printf(
        "Baseline (bare SMPP):     %.0f messages/s  (platform reaches %.0f%% of it)%n",
        baseline, 100 * throughput / baseline);
    System.out.println(
        "Per process:               peak RSS    CPU s during the campaign (of which JIT)");
    Map<String, Long> peaks = platform.peakMemory();
    for (var entry : platform.processes().entrySet()) {
      String name = entry.getKey();
      System.out.printf(
          "  %-24s%6d MiB    %6.1f  (%4.1f)%n",
          name,
          peaks.get(name) / (1024 * 1024),
          cpuSpent.getOrDefault(name, 0.0),
          jitSpent.getOrDefault(name, 0.0));
    }
    long messages = Math.max(1, stats.getSubmitted());
    long writes = operations.stream().mapToLong(CassandraOperations.Table::writes).sum();
    long reads = operations.stream().mapToLong(CassandraOperations.Table::reads).sum();
    System.out.printf(
        "Cassandra per message:    %.2f partition writes, %.2f reads%n",
        (double) writes / messages, (double) reads / messages);
    for (CassandraOperations.Table table : operations) {
      if (table.writes() + table.reads() >= messages / 100) {
        System.out.printf(
            "  %-40s%6.2f writes  %6.2f reads%n",
            table.name(), (double) table.writes() / messages, (double) table.reads() / messages);
      }
    }
    CpuBudget budget =
        new CpuBudget(cpuSpent, jitSpent, messages, Runtime.getRuntime().availableProcessors());
    printBudget(budget);
    System.out.printf(
        "Machine: %d cores; during the campaign %.1f CPU-s idle, %.1f CPU-s stolen by the"
            + " hypervisor%n",
        Runtime.getRuntime().availableProcessors(), machine.idleSeconds(), machine.stolenSeconds());
    return new Measured(throughput, budget);
  }

  /**
   * The spans received once none arrived for longer than the SDK's batch export delay (5 s): the
   * campaign's last ones included.
   */
  private static List<OtlpReceiver.ReceivedSpan> settledSpans(OtlpReceiver receiver)
      throws InterruptedException {
    int seen = -1;
    while (receiver.spans().size() != seen) {
      seen = receiver.spans().size();
      Thread.sleep(6_000);
    }
    return receiver.spans();
  }

  private static String tracingMode(String mode) {
    if (!mode.equals("on") && !mode.equals("off")) {
      throw new IllegalArgumentException("--tracing takes on or off, not " + mode);
    }
    return mode;
  }

  /** Imports a contacts file into {@code list}, consenting by web form, and prints the rate. */
  private static void importContacts(LocalPlatform platform, Path file, String list)
      throws Exception {
    System.out.println("Importing " + file.getFileName() + " into list " + list + "...");
    Instant start = Instant.now();
    ImportReport report =
        new ContactsImporter(platform.contactsAsync(), Duration.ofMinutes(30))
            .importCsv(
                file,
                ImportOptions.newBuilder()
                    .setList(list)
                    .setDefaultRegion("FR")
                    .setConsentSource("web-form")
                    .build());
    Duration took = Duration.between(start, Instant.now());
    System.out.printf(
        "  imported %d rows in %.1f s (%.0f rows/s)%n",
        report.getRows(), seconds(took), report.getRows() / seconds(took));
  }

  /**
   * Lets the flushes, compactions and compilations the import left behind finish before the
   * measured campaign starts ({@link MachineRest}).
   */
  private static void awaitRest() throws InterruptedException {
    System.out.println(
        "Waiting for the machine to come to rest (the import's flushes, compactions and"
            + " compilations)...");
    MachineRest.Wait wait =
        MachineRest.await(Runtime.getRuntime().availableProcessors(), Duration.ofMinutes(3));
    System.out.printf(
        "  %s after %.0f s (cores %.0f%% idle over the last %d s)%n",
        wait.atRest() ? "at rest" : "still busy, measuring anyway,",
        seconds(wait.waited()),
        100 * wait.lastIdleShare(),
        MachineRest.WINDOW.toSeconds());
  }

  /** The quickstart campaign again, under another name, for the contacts of {@code list}. */
  /** The landing page of the links {@code --links on} adds. */
  private static final String LANDING_URL = "https://boutique.example.fr/soldes";

  /**
   * The campaign with a tracked link ending every template ({@code on}), the landing URL written
   * out instead ({@code plain}), with no link ({@code off}), or as written ({@code null}).
   */
  static Campaign withLinks(Campaign campaign, String links) {
    if (links == null) {
      return campaign;
    }
    var spec = campaign.getSpec();
    UnaryOperator<String> withoutLinks =
        t -> t == null ? null : t.replaceAll("\\s*\\{\\{link(:[^}]*)?}}", "");
    UnaryOperator<String> change =
        switch (links) {
          case "on" -> t -> t == null || t.contains("{{link") ? t : t + " {{link}}";
          case "plain" -> t -> t == null ? null : withoutLinks.apply(t) + " " + LANDING_URL;
          default -> withoutLinks;
        };
    spec.template = change.apply(spec.template);
    spec.variants.forEach(v -> v.template = change.apply(v.template));
    spec.landingUrl = "on".equals(links) ? LANDING_URL : null;
    return campaign;
  }

  private static String linksMode(String value) {
    if (!List.of("on", "plain", "off", COMPARE).contains(value)) {
      throw new IllegalArgumentException("--links takes on, plain, off or compare, not " + value);
    }
    return value;
  }

  private static Campaign copyFor(Campaign campaign, String list) throws Exception {
    Campaign copy = Manifests.load(QUICKSTART).campaigns().get(0);
    copy.getMetadata().setName(campaign.getMetadata().getName() + "-" + list);
    copy.getSpec().audience.list = list;
    return copy;
  }

  /** A CPU time in seconds per process of the platform, read by {@code reader} from its pid. */
  /**
   * What a message cost in CPU, process by process, and what rate that cost allows on this machine,
   * against the budget of the 5,000 messages/s target.
   */
  private static void printBudget(CpuBudget budget) {
    System.out.printf(
        "CPU per message:          %.0f µs, %.0f µs outside the JIT"
            + " (%d cores at 5,000 messages/s allow %.0f µs)%n",
        budget.totalMicros(),
        budget.totalMicrosOutsideJit(),
        budget.cores(),
        budget.allowedMicros(5_000));
    budget
        .byProcess()
        .forEach((name, micros) ->
            System.out.printf("  %-24s%6.0f µs  %6.0f µs%n", name, micros[0], micros[1]));
    System.out.printf(
        "Rate this cost allows:    %.0f messages/s, %.0f with no compilation left%n",
        budget.ceiling(), budget.ceilingOutsideJit());
  }

  private static Map<String, Double> difference(
      Map<String, Double> after, Map<String, Double> before) {
    Map<String, Double> spent = new LinkedHashMap<>();
    after.forEach((name, value) -> spent.put(name, value - before.getOrDefault(name, 0.0)));
    return spent;
  }

  private static Map<String, Double> cpu(LocalPlatform platform, ToDoubleFunction<Long> reader) {
    Map<String, Double> cpu = new LinkedHashMap<>();
    platform.processes().forEach((name, pid) -> cpu.put(name, reader.applyAsDouble(pid)));
    return cpu;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
