package dev.relais.cli.report;

import dev.relais.cli.connect.AnalyticsOption;
import dev.relais.cli.connect.DurationConverter;
import dev.relais.cli.connect.ExitCodes;
import dev.relais.cli.connect.ServiceConnection;
import dev.relais.cli.connect.ServiceLocator;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.model.CampaignRequestBuilder;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.CampaignTimeline;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.analytics.v1.GetCampaignTimelineRequest;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code relais-cli campaign report NAMESPACE/NAME [--html FILE]}: a campaign's results for the
 * people who ran it, from its Campaign status in Kubernetes and from analytics.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a campaign's results: audience, suppressions by reason, queued, submitted,"
          + " delivered, failed, expired, in doubt, delivery unknown, opt-outs, delivery rate,"
          + " estimated cost, and its KPIs: clicks, click, opt-out and conversion rates,"
          + " conversions, revenue, revenue per message and ROI, per A/B variant too.",
      "With --html, also writes a self-contained HTML report with charts (delivery over time,"
          + " outcomes, failures by error code, A/B variants compared, suppressions, cost).",
      "Reads the Campaign resource from Kubernetes and the rest from analytics."
    })
public final class CampaignReportCommand implements Callable<Integer> {

  /** Width of the buckets asked of analytics; the chart merges them into wider ones if needed. */
  static final int TIMELINE_SECONDS = 60;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "NAMESPACE/NAME",
      description = "The Campaign resource, e.g. relais-demo/winter-sale.")
  String campaign;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Also write the report as one self-contained HTML file.")
  Path html;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "Kubeconfig of the cluster holding the Campaign (default: $KUBECONFIG, then"
              + " .relais/up/kubeconfig written by ./relais up).")
  Path kubeconfig;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long each call to analytics may take. Default: ${DEFAULT-VALUE}.")
  Duration timeout;

  @Mixin AnalyticsOption analytics;

  private final Clock clock;

  public CampaignReportCommand() {
    this(Clock.systemUTC());
  }

  CampaignReportCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      String[] ref = parseReference(campaign);
      Path config = ServiceLocator.of(spec).kubeconfig(kubeconfig);
      try (ServiceConnection connection = analytics.connect(timeout)) {
        err.printf("Reading Campaign %s/%s (kubeconfig %s)...%n", ref[0], ref[1], config);
        err.flush();
        Campaign resource = readCampaign(config, ref[0], ref[1]);
        String id = CampaignRequestBuilder.campaignId(resource);
        err.printf(
            "Reading its counts and timeline from analytics at %s...%n", connection.address());
        err.flush();
        CampaignResults results = readAnalytics(resource, id, connection);
        Report report = CampaignReportBuilder.build(results);
        out.print(KpiTable.render(report));
        out.flush();
        if (html != null) {
          String page = new HtmlReport(CampaignReportBuilder.zoneOf(resource)).render(report);
          Path target = html.toAbsolutePath();
          Files.createDirectories(target.getParent());
          Files.writeString(target, page, StandardCharsets.UTF_8);
          err.printf("HTML report written to %s%n", html);
        }
      }
      return ExitCodes.OK;
    } catch (IllegalArgumentException | ReportFailure e) {
      err.println("campaign report: " + e.getMessage());
      return ExitCodes.FAILED;
    } catch (IOException e) {
      err.println("campaign report: cannot write " + html + ": " + e.getMessage());
      return ExitCodes.FAILED;
    }
  }

  /** "ns/name" -> {ns, name}. */
  static String[] parseReference(String reference) {
    String[] parts = reference == null ? new String[0] : reference.split("/", -1);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalArgumentException(
          "expected NAMESPACE/NAME, e.g. relais-demo/winter-sale; got '" + reference + "'");
    }
    return parts;
  }

  private Campaign readCampaign(Path config, String namespace, String name) throws ReportFailure {
    Config settings;
    try {
      settings = Config.fromKubeconfig(config.toFile());
    } catch (RuntimeException e) {
      throw new ReportFailure("cannot read kubeconfig " + config + ": " + e.getMessage());
    }
    settings.setRequestTimeout(30_000);
    settings.setConnectionTimeout(10_000);
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(settings).build()) {
      Campaign found = client.resources(Campaign.class).inNamespace(namespace).withName(name).get();
      if (found == null) {
        throw new ReportFailure(
            "no Campaign "
                + name
                + " in namespace "
                + namespace
                + " at "
                + settings.getMasterUrl());
      }
      return found;
    } catch (KubernetesClientException e) {
      throw new ReportFailure(
          "cannot read Campaign "
              + namespace
              + "/"
              + name
              + " from "
              + settings.getMasterUrl()
              + ": "
              + e.getMessage());
    }
  }

  private CampaignResults readAnalytics(Campaign resource, String id, ServiceConnection analytics) {
    var stub =
        AnalyticsServiceGrpc.newBlockingStub(analytics.channel())
            .withDeadlineAfter(analytics.deadlineMillis(), TimeUnit.MILLISECONDS);
    CampaignStats stats =
        analytics.call(
            "GetCampaignStats",
            () ->
                stub.getCampaignStats(
                    GetCampaignStatsRequest.newBuilder().setCampaignId(id).build()));
    CampaignTimeline timeline =
        analytics.call(
            "GetCampaignTimeline",
            () ->
                stub.getCampaignTimeline(
                    GetCampaignTimelineRequest.newBuilder()
                        .setCampaignId(id)
                        .setBucketSeconds(TIMELINE_SECONDS)
                        .build()));
    return new CampaignResults(resource, stats, timeline, clock.instant());
  }

  /** A reason the report cannot be made, for the user. */
  static final class ReportFailure extends Exception {
    ReportFailure(String message) {
      super(message);
    }
  }
}
