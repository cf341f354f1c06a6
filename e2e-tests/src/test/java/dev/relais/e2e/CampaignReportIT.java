package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.cli.RelaisCli;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.launcher.ClusterDemo;
import dev.relais.local.launcher.DemoClock;
import dev.relais.local.launcher.DemoSummary;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.model.RelaisService;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code relais-cli campaign report} on a real campaign: a small audience sent through the operator
 * to completion on the local platform, the report written as HTML by the command (in process), then
 * opened in headless Chromium: the page renders (a screenshot of many colours, not a blank page),
 * and the numbers it shows are the campaign's, as its status and analytics state them.
 */
class CampaignReportIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final Path WORK = Path.of("target/e2e-report").toAbsolutePath();
  private static final PrintStream OUT = System.out;

  private static ClusterDemo demo;
  private static Campaign campaign;

  @BeforeAll
  static void runASmallCampaign() throws Exception {
    Manifests manifests = Manifests.load(EXAMPLES);
    Path contacts = WORK.resolve("contacts.csv");
    SyntheticContacts.write(contacts, 300, 7);
    Duration offset =
        DemoClock.offsetFor("fr-marketing", true, Instant.now(), ZoneId.of("Europe/Paris"));
    demo =
        ClusterDemo.start(
            new ClusterDemo.Options(
                WORK.resolve("platform"),
                SharedCassandra.contactPoint(),
                "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
                offset,
                // Receipts arriving after completion reach the status within seconds.
                Map.of("RELAIS_CAMPAIGN_IDLE_POLL", "PT1S"),
                b -> {},
                new PrintStream(OUT, true, StandardCharsets.UTF_8)),
            manifests);
    List<DemoSummary> summaries = demo.run(manifests, contacts, "");
    summaries.get(0).print(OUT);
    campaign = manifests.campaigns().get(0);
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void theHtmlReportShowsTheCampaignsNumbersInChromium() throws Exception {
    String ns = campaign.getMetadata().getNamespace();
    String name = campaign.getMetadata().getName();
    String analytics = demo.cluster().address(RelaisService.ANALYTICS);
    // Every receipt in, and the status caught up with analytics: the numbers no longer move.
    Campaign.Status status = awaitFinalStatus(ns, name, analytics);
    CampaignStats stats = stats(analytics, ns + "/" + name);

    Path kubeconfig = writeKubeconfig(demo.cluster().client().getMasterUrl().toString(), ns);
    Path html = WORK.resolve("winter-sale-report.html");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = RelaisCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit =
        cli.execute(
            "campaign",
            "report",
            ns + "/" + name,
            "--html",
            html.toString(),
            "--kubeconfig",
            kubeconfig.toString(),
            "--analytics",
            analytics);
    OUT.println(out);
    OUT.println(err);
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .containsPattern("(?m)^Delivered +" + Pattern.quote(grouped(status.delivered)) + " ")
        .containsPattern("(?m)^Submitted +" + Pattern.quote(grouped(status.submitted)) + " ");

    Optional<String> chromium = chromium();
    Assumptions.assumeTrue(
        chromium.isPresent(),
        "chromium is not installed (Debian package chromium, which .ci/run installs): the HTML"
            + " report was written but not opened in a browser");

    Path profile = Files.createDirectories(WORK.resolve("chromium-profile"));
    Path screenshot = WORK.resolve("winter-sale-report.png");
    Files.deleteIfExists(screenshot);
    run(
        chromium.get(),
        profile,
        "--screenshot=" + screenshot,
        "--window-size=1280,1800",
        html.toUri().toString());
    BufferedImage image = ImageIO.read(screenshot.toFile());
    assertThat(image).as("screenshot " + screenshot).isNotNull();
    assertThat(image.getWidth()).isEqualTo(1280);
    assertThat(distinctColours(image))
        .as("colours in the screenshot: a blank or unstyled page has one or two")
        .isGreaterThan(20);

    String dom = run(chromium.get(), profile, "--dump-dom", html.toUri().toString());
    assertThat(figure(dom, "delivered")).isEqualTo(grouped(status.delivered));
    assertThat(figure(dom, "submitted")).isEqualTo(grouped(status.submitted));
    assertThat(figure(dom, "delivery-rate")).isEqualTo(status.deliveryRate);
    assertThat(figure(dom, "queued")).isEqualTo(grouped(status.queued));
    assertThat(status.delivered).isEqualTo(stats.getDelivered()).isPositive();
    assertThat(status.submitted).isEqualTo(stats.getSubmitted());
    assertThat(dom)
        .contains("<h1>Campaign " + ns + "/" + name + "</h1>")
        .contains("<section id=\"delivery-over-time\">");
    // The chart over time adds up to the campaign's counts, bucket by bucket.
    assertThat(columnSum(dom, "Submitted")).isEqualTo(stats.getSubmitted());
    assertThat(columnSum(dom, "Delivered")).isEqualTo(stats.getDelivered());
  }

  private static Campaign.Status awaitFinalStatus(String ns, String name, String analytics)
      throws InterruptedException {
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(60));
    while (true) {
      Campaign.Status status =
          demo.cluster()
              .client()
              .resources(Campaign.class)
              .inNamespace(ns)
              .withName(name)
              .get()
              .getStatus();
      CampaignStats stats = stats(analytics, ns + "/" + name);
      boolean receiptsIn =
          stats.getDelivered() + stats.getUndelivered() + stats.getDeliveryUnknown()
              == stats.getSubmitted();
      if ("Completed".equals(status.phase)
          && receiptsIn
          && status.delivered != null
          && status.submitted != null
          && status.delivered == stats.getDelivered()
          && status.submitted == stats.getSubmitted()) {
        return status;
      }
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError(
            "the campaign's status did not settle: phase "
                + status.phase
                + ", status delivered "
                + status.delivered
                + ", analytics "
                + stats);
      }
      Thread.sleep(500);
    }
  }

  private static CampaignStats stats(String address, String id) {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(address).usePlaintext().build();
    try {
      return AnalyticsServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .getCampaignStats(GetCampaignStatsRequest.newBuilder().setCampaignId(id).build());
    } finally {
      channel.shutdownNow();
    }
  }

  /** A kubeconfig for the local API server, as a user of the cluster would have. */
  private static Path writeKubeconfig(String server, String namespace) throws IOException {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        users:
        - name: local
          user:
            token: local
        contexts:
        - name: local
          context:
            cluster: local
            user: local
            namespace: %s
        current-context: local
        """
            .formatted(server, namespace);
    Path file = WORK.resolve("kubeconfig");
    Files.writeString(file, yaml);
    return file;
  }

  private static Optional<String> chromium() {
    for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate.toString());
        }
      }
    }
    return Optional.empty();
  }

  /** Runs headless Chromium on a file; returns its standard output. */
  private static String run(String chromium, Path profile, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(chromium);
    command.add("--headless");
    command.add("--no-sandbox");
    command.add("--disable-gpu");
    command.add("--no-first-run");
    command.add("--disable-dev-shm-usage");
    command.add("--user-data-dir=" + profile);
    command.addAll(List.of(args));
    Path stderr = WORK.resolve("chromium.log");
    Path stdout = WORK.resolve("chromium.out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()))
            .start();
    process.getOutputStream().close();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s; see " + stderr);
    }
    assertThat(process.exitValue()).as("chromium exit status; see " + stderr).isZero();
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y) & 0xFFFFFF);
      }
    }
    return colours.size();
  }

  private static String figure(String dom, String id) {
    Matcher m =
        Pattern.compile(
                "id=\"figure-"
                    + Pattern.quote(id)
                    + "\"><span class=\"label\">[^<]*</span><span class=\"value\">([^<]*)</span>")
            .matcher(dom);
    assertThat(m.find()).as("figure %s on the page", id).isTrue();
    return m.group(1);
  }

  private static long columnSum(String dom, String series) {
    Matcher m =
        Pattern.compile("data-series=\"" + Pattern.quote(series) + "\" data-value=\"(\\d+)\"")
            .matcher(dom);
    long sum = 0;
    while (m.find()) {
      sum += Long.parseLong(m.group(1));
    }
    return sum;
  }

  private static String grouped(long value) {
    return String.format(Locale.ENGLISH, "%,d", value);
  }
}
