package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.telemetry.MetricsScrape;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.launcher.ClusterDemo;
import dev.relais.local.launcher.DemoClock;
import dev.relais.local.launcher.DemoSummary;
import dev.relais.local.launcher.LocalCluster;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.OtlpReceiver;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.model.DispatchDeploymentBuilder;
import dev.relais.operator.model.PlatformSettings;
import dev.relais.operator.model.RelaisService;
import dev.relais.smsc.SmscSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What an SRE sees of a campaign applied through the operator: every process's Prometheus endpoint
 * scraped while it runs, and every span exported over OTLP/gRPC to a real receiver. The quickstart
 * runs with an SmsPlatform whose {@code spec.telemetry} points at the receiver, as a cluster's
 * would point at its collector.
 */
class ObservabilityIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final String NS = "relais-demo";
  private static final PrintStream OUT = System.out;

  /**
   * A phone number as the quickstart's contacts hold them, in any usual writing, standing on its
   * own: not the digits inside an identifier such as the message id's {@code -07665179261d}.
   */
  private static final Pattern PHONE =
      Pattern.compile("(?<![\\w-])(\\+33|0033|0)[67](?:[ .-]?\\d){8}(?!\\w)");

  private static OtlpReceiver receiver;
  private static ClusterDemo demo;
  private static LocalCluster cluster;
  private static SmscSimulator simulator;
  private static String campaignName;
  private static DemoSummary summary;

  /** Every scrape taken during the campaign, per process, in order. */
  private static final Map<String, List<MetricsScrape>> SCRAPES = new ConcurrentHashMap<>();

  @BeforeAll
  static void runTheQuickstartWithTelemetry() throws Exception {
    receiver = OtlpReceiver.start();
    Path work = Path.of("target/e2e-observability");
    // Outside the platform's work directory, which it empties when it starts.
    Path examples =
        withTelemetry(Path.of("target/e2e-observability-manifests"), receiver.endpoint());
    Manifests manifests = Manifests.load(examples);
    Duration offset =
        DemoClock.offsetFor("fr-marketing", true, Instant.now(), ZoneId.of("Europe/Paris"));
    // The operator runs in this JVM: its SDK reads the standard settings as system properties
    // (the chart gives them as OTEL_* variables), cleared once it started.
    System.setProperty("otel.exporter.otlp.endpoint", receiver.endpoint());
    System.setProperty("otel.exporter.otlp.protocol", "grpc");
    demo =
        ClusterDemo.start(
            new ClusterDemo.Options(
                work,
                SharedCassandra.contactPoint(),
                "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
                offset,
                Map.of(),
                b -> {},
                new PrintStream(OUT, true, StandardCharsets.UTF_8)),
            manifests);
    System.clearProperty("otel.exporter.otlp.endpoint");
    System.clearProperty("otel.exporter.otlp.protocol");
    cluster = demo.cluster();
    String route = manifests.routes().get(0).getMetadata().getName();
    campaignName = manifests.campaigns().get(0).getMetadata().getName();
    Thread scraper = Thread.ofPlatform().daemon().name("scraper").start(() -> scrapeEvery(route));
    try {
      summary = demo.run(manifests, examples.resolve("contacts.csv"), "").get(0);
      summary.print(OUT);
      simulator = demo.simulator(route);
      awaitReceiptsCounted(Duration.ofMinutes(2));
      Thread.sleep(2_000); // one last scrape after the queue drained
    } finally {
      scraper.interrupt();
      scraper.join();
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (demo != null) {
      demo.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void theQueueFillsAndDrainsAndEverySubmitAndReceiptIsCounted() {
    List<MetricsScrape> dispatch = SCRAPES.get("dispatch");
    assertThat(dispatch).as("scrapes of dispatch during the campaign").hasSizeGreaterThan(3);
    double peakDepth =
        dispatch.stream().mapToDouble(s -> s.value("relais_dispatch_queue_depth")).max().orElse(0);
    MetricsScrape last = dispatch.get(dispatch.size() - 1);
    OUT.printf(
        "ObservabilityIT: %d dispatch scrapes, peak queue depth %.0f, last %.0f; submitted %.0f,"
            + " receipts %.0f, receipt latency count %.0f; SMSC received %d parts%n",
        dispatch.size(),
        peakDepth,
        last.value("relais_dispatch_queue_depth"),
        last.value("relais_dispatch_messages_submitted_total"),
        last.value("relais_dispatch_receipts_total"),
        last.value("relais_dispatch_receipt_latency_seconds_count"),
        simulator.receivedCount());
    assertThat(peakDepth).as("queue depth while the campaign was sending").isPositive();
    assertThat(last.value("relais_dispatch_queue_depth")).as("queue depth at the end").isZero();
    assertThat(last.value("relais_dispatch_messages_submitted_total"))
        .as("submits counted against the messages the SMSC received (parts reassembled)")
        .isEqualTo(QuickstartCampaign.receivedByNumber(simulator).size());
    assertThat(last.value("relais_dispatch_receipt_latency_seconds_count"))
        .as("receipt latencies observed, one per receipt")
        .isEqualTo(last.value("relais_dispatch_receipts_total"))
        .isPositive();
  }

  @Test
  void everyProcessServesItsMetricsWithoutPersonalData() {
    assertThat(SCRAPES.keySet()).contains("contacts", "scheduler", "analytics", "dispatch");
    assertThat(lastOf("scheduler").value("relais_scheduler_messages_queued_total"))
        .as("messages the scheduler queued")
        .isEqualTo(summary.submitted());
    SCRAPES.values().stream().flatMap(List::stream).forEach(MetricsScrape::assertNoPersonalData);
  }

  @Test
  void oneTraceHoldsTheReconcileTheExpansionAndAMessagesSubmitReceiptAndEvents()
      throws InterruptedException {
    Campaign campaign =
        cluster.client().resources(Campaign.class).inNamespace(NS).withName(campaignName).get();
    String traceId = campaign.getStatus().traceId;
    assertThat(traceId).as("the Campaign's status.traceId").matches("[0-9a-f]{32}");

    // Spans leave each process in batches: wait for a traced message's whole life to arrive.
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
    List<OtlpReceiver.ReceivedSpan> trace = List.of();
    Optional<OtlpReceiver.ReceivedSpan> message = Optional.empty();
    while (Instant.now().isBefore(giveUp)) {
      trace = receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
      message = wholeMessage(trace);
      if (message.isPresent() && hasService(trace, "relais-operator")) {
        break;
      }
      Thread.sleep(1000);
    }
    OUT.printf(
        "ObservabilityIT: campaign trace %s: %d spans, %s%n",
        traceId,
        trace.size(),
        trace.stream()
            .collect(
                Collectors.groupingBy(
                    s -> s.service() + " " + s.name(), TreeMap::new, Collectors.counting())));
    assertThat(trace)
        .extracting(OtlpReceiver.ReceivedSpan::service)
        .as("processes in the campaign's trace")
        .contains("relais-operator", "relais-scheduler", "relais-dispatch", "relais-analytics");
    assertThat(trace)
        .extracting(OtlpReceiver.ReceivedSpan::name)
        .contains("expand campaign", "queue page", "queue message");
    assertThat(message)
        .as(
            "a queued message whose submit_sm, delivery receipt and recorded events are its children")
        .isPresent();
  }

  @Test
  void aStopRepliedByRecipientsIsOneTraceFromDeliverSmThroughContactsToEveryDispatcher()
      throws InterruptedException {
    // Replies are traced at the message sampling ratio (0.05 here): 200 STOPs make about ten
    // traced ones, and none at all once in 30,000 runs.
    List<String> recipients =
        QuickstartCampaign.receivedByNumber(simulator).keySet().stream()
            .sorted()
            .limit(200)
            .toList();
    assertThat(recipients).hasSize(200);
    for (String number : recipients) {
      simulator.injectMo(number, "36111", "STOP");
    }

    Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
    Optional<List<OtlpReceiver.ReceivedSpan>> stop = Optional.empty();
    while (stop.isEmpty() && Instant.now().isBefore(giveUp)) {
      Thread.sleep(1000);
      stop = wholeStop(receiver.spans());
    }
    assertThat(stop)
        .as(
            "a deliver_sm of dispatch whose trace holds contacts' opt out, child of the call"
                + " dispatch made, and dispatch's apply opt-out, child of the opt out")
        .isPresent();
    OUT.printf(
        "ObservabilityIT: a STOP's trace %s: %s%n",
        stop.get().get(0).traceId(),
        stop.get().stream().map(s -> s.service() + " " + s.name()).toList());
  }

  /** The spans of one reply's trace, deliver_sm first, when it holds the whole opt-out. */
  private static Optional<List<OtlpReceiver.ReceivedSpan>> wholeStop(
      List<OtlpReceiver.ReceivedSpan> spans) {
    return spans.stream()
        .filter(s -> s.service().equals("relais-dispatch") && s.name().equals("deliver_sm"))
        .filter(s -> "true".equals(s.attributes().get("relais.inbound.stop")))
        .map(deliver -> {
          List<OtlpReceiver.ReceivedSpan> trace = new ArrayList<>();
          trace.add(deliver);
          spans.stream()
              .filter(s -> s.traceId().equals(deliver.traceId()) && s != deliver)
              .forEach(trace::add);
          return trace;
        })
        .filter(trace -> {
          Optional<OtlpReceiver.ReceivedSpan> optOut =
              trace.stream()
                  .filter(s -> s.service().equals("relais-contacts"))
                  .filter(s -> s.name().equals("opt out"))
                  .findFirst();
          return optOut.isPresent()
              && descendsFrom(optOut.get(), trace.get(0), trace)
              && trace.stream()
                  .anyMatch(s ->
                      s.service().equals("relais-dispatch")
                          && s.name().equals("apply opt-out")
                          && s.parentSpanId().equals(optOut.get().spanId()));
        })
        .findFirst();
  }

  /** Whether {@code span} is {@code ancestor} or one of its descendants within {@code trace}. */
  private static boolean descendsFrom(
      OtlpReceiver.ReceivedSpan span,
      OtlpReceiver.ReceivedSpan ancestor,
      List<OtlpReceiver.ReceivedSpan> trace) {
    OtlpReceiver.ReceivedSpan current = span;
    for (int depth = 0; depth < 10 && current != null; depth++) {
      if (current.spanId().equals(ancestor.spanId())) {
        return true;
      }
      String parent = current.parentSpanId();
      current = trace.stream().filter(s -> s.spanId().equals(parent)).findFirst().orElse(null);
    }
    return false;
  }

  /** A "queue message" span with a submit_sm, a delivery_receipt and a "record event" child. */
  private static Optional<OtlpReceiver.ReceivedSpan> wholeMessage(
      List<OtlpReceiver.ReceivedSpan> trace) {
    return trace.stream()
        .filter(s -> s.name().equals("queue message"))
        .filter(m -> {
          List<String> children =
              trace.stream()
                  .filter(c -> c.parentSpanId().equals(m.spanId()))
                  .map(c -> c.service() + " " + c.name())
                  .toList();
          return children.contains("relais-dispatch submit_sm")
              && children.contains("relais-dispatch delivery_receipt")
              && children.contains("relais-analytics record event");
        })
        .findFirst();
  }

  private static boolean hasService(List<OtlpReceiver.ReceivedSpan> spans, String service) {
    return spans.stream().anyMatch(s -> s.service().equals(service));
  }

  @Test
  void noSpanHoldsAPhoneNumberOrAMessageText() {
    List<OtlpReceiver.ReceivedSpan> spans = receiver.spans();
    OUT.printf(
        "ObservabilityIT: %d spans received from %s%n",
        spans.size(), spans.stream().map(OtlpReceiver.ReceivedSpan::service).distinct().toList());
    assertThat(spans).isNotEmpty();
    for (OtlpReceiver.ReceivedSpan span : spans) {
      String everything =
          span.name() + " " + span.attributes() + " " + span.events() + " " + span.links();
      assertThat(PHONE.matcher(everything).find())
          .as("span %s of %s holds a phone number: %s", span.name(), span.service(), everything)
          .isFalse();
      assertThat(everything).doesNotContain("Bonjour").doesNotContain("Dernier week-end");
    }
  }

  @Test
  void noLogLineOfTheServicesHoldsARecipientsNumberOrAMessageText() throws IOException {
    // Every number of the contacts file, as digits, in international and national form.
    Set<String> numbers = new HashSet<>();
    Matcher written =
        Pattern.compile("\\+?\\d[\\d .]{8,}\\d")
            .matcher(Files.readString(EXAMPLES.resolve("contacts.csv")));
    while (written.find()) {
      String digits = written.group().replaceAll("\\D", "");
      numbers.add(digits);
      if (digits.startsWith("33")) {
        numbers.add("0" + digits.substring(2));
      }
    }
    List<Path> logs;
    try (Stream<Path> files = Files.walk(Path.of("target/e2e-observability/logs"))) {
      logs = files.filter(f -> f.toString().endsWith(".log")).toList();
    }
    assertThat(logs).as("the services' log files").isNotEmpty();
    Pattern digitRun = Pattern.compile("\\d{9,15}");
    for (Path log : logs) {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        Matcher runs = digitRun.matcher(line);
        while (runs.find()) {
          assertThat(numbers)
              .as("%s logs a recipient's number: %s", log, line)
              .doesNotContain(runs.group());
        }
        assertThat(line).as("%s", log).doesNotContain("Bonjour").doesNotContain("Dernier week-end");
      }
    }
  }

  private static MetricsScrape lastOf(String process) {
    List<MetricsScrape> scrapes = SCRAPES.get(process);
    return scrapes.get(scrapes.size() - 1);
  }

  /** Scrapes each process every half second through its Service, as Prometheus would. */
  private static void scrapeEvery(String route) {
    while (!Thread.currentThread().isInterrupted()) {
      Map<String, Optional<String>> targets = new LinkedHashMap<>();
      for (RelaisService service :
          List.of(RelaisService.CONTACTS, RelaisService.SCHEDULER, RelaisService.ANALYTICS)) {
        targets.put(service.id(), cluster.addressIfReady(service));
      }
      targets.put(
          "dispatch",
          cluster
              .kubelet()
              .directory()
              .resolve(
                  NS,
                  DispatchDeploymentBuilder.deploymentName(route),
                  PlatformSettings.DEFAULT_DISPATCH_PORT));
      targets.forEach((process, address) ->
          address.ifPresent(a -> {
            try {
              MetricsScrape scrape =
                  MetricsScrape.of(Integer.parseInt(a.substring(a.lastIndexOf(':') + 1)));
              SCRAPES.computeIfAbsent(process, p -> new CopyOnWriteArrayList<>()).add(scrape);
            } catch (RuntimeException | AssertionError notYet) {
              // starting, or just stopped: the next round scrapes it
            }
          }));
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Waits until dispatch has counted as many receipts as the SMSC received messages. */
  private static void awaitReceiptsCounted(Duration timeout) throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    while (Instant.now().isBefore(giveUp)) {
      List<MetricsScrape> dispatch = SCRAPES.getOrDefault("dispatch", List.of());
      if (!dispatch.isEmpty()) {
        MetricsScrape last = dispatch.get(dispatch.size() - 1);
        if (last.value("relais_dispatch_receipts_total") >= summary.submitted()
            && last.value("relais_dispatch_queue_depth") == 0) {
          return;
        }
      }
      Thread.sleep(500);
    }
  }

  /**
   * The quickstart's manifests with an SmsPlatform whose telemetry goes to {@code endpoint}
   * (OTLP/gRPC), every trace kept.
   */
  private static Path withTelemetry(Path dir, String endpoint) throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path file : files.toList()) {
        Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    List<String> platform = new ArrayList<>();
    platform.add("apiVersion: relais.dev/v1");
    platform.add("kind: SmsPlatform");
    platform.add("metadata: {name: relais, namespace: " + NS + "}");
    platform.add("spec:");
    platform.add("  version: local");
    platform.add("  cassandra: {contactPoints: [\"127.0.0.1:9042\"]}");
    platform.add("  telemetry:");
    // Every campaign trace kept; one message in twenty traced one by one.
    platform.add("    otlpEndpoint: " + endpoint);
    platform.add("    protocol: grpc");
    platform.add("    sampling: \"1.0\"");
    platform.add("    messageSampling: \"0.05\"");
    Files.write(dir.resolve("05-platform.yaml"), platform);
    return dir;
  }
}
