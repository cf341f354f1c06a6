package dev.relais.bench;

import dev.relais.contacts.client.ContactsImporter;
import dev.relais.local.launcher.DemoClock;
import dev.relais.local.launcher.LocalPlatform;
import dev.relais.local.launcher.ManifestTranslator;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.ProcessStats;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SmppRoute;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.smsc.SmscSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * End-to-end send throughput of one campaign through the local platform (expansion, queue,
 * submit_sm, submit_sm_resp, receipts back), against a bare-SMPP baseline in the same run.
 *
 * <p>Run it with {@code ./relais bench [--recipients N] [--sessions S] [--window W]}.
 */
public final class CampaignThroughputBench {

  private CampaignThroughputBench() {}

  public static void main(String[] args) throws Exception {
    int recipients = 100_000;
    int sessions = 4;
    int window = 64;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--recipients" -> recipients = Integer.parseInt(args[++i]);
        case "--sessions" -> sessions = Integer.parseInt(args[++i]);
        case "--window" -> window = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: ./relais bench [--recipients N] [--sessions S] [--window W]");
          System.exit(2);
        }
      }
    }
    String command =
        "./relais bench --recipients "
            + recipients
            + " --sessions "
            + sessions
            + " --window "
            + window;
    Path work = Path.of(".relais/bench");
    Path contacts = Path.of(".relais/bench-contacts-" + recipients + ".csv");
    SyntheticContacts.write(contacts, recipients, 7, false);

    Manifests manifests = Manifests.load(Path.of("examples/quickstart"));
    SmppRoute route = manifests.routes().get(0);
    route.getSpec().maxTps = 100_000; // the benchmark measures the platform, not a carrier limit
    route.getSpec().sessions = sessions;
    route.getSpec().windowSize = window;
    Campaign campaign = manifests.campaigns().get(0);
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
    try (LocalPlatform platform = LocalPlatform.start(options)) {
      String password =
          manifests.secretValue(
              route.getMetadata().getNamespace(), route.getSpec().passwordSecretRef);
      platform.scheduler().upsertRoute(ManifestTranslator.route(route));
      LocalPlatform.RouteRuntime runtime = platform.deployRoute(route, password, 1);
      SmscSimulator simulator = runtime.simulator();

      System.out.println("Importing " + recipients + " contacts...");
      Instant importStart = Instant.now();
      ImportReport report =
          new ContactsImporter(platform.contactsAsync(), Duration.ofMinutes(30))
              .importCsv(
                  contacts,
                  ImportOptions.newBuilder()
                      .setList(campaign.getSpec().audience.list)
                      .setDefaultRegion("FR")
                      .setConsentSource("web-form")
                      .build());
      Duration importTime = Duration.between(importStart, Instant.now());
      System.out.printf(
          "  imported %d rows in %.1f s (%.0f rows/s)%n",
          report.getRows(), seconds(importTime), report.getRows() / seconds(importTime));

      Map<String, Double> cpuBefore = cpu(platform);
      String id = ManifestTranslator.campaignId(campaign);
      var sender =
          manifests
              .sender(campaign.getMetadata().getNamespace(), campaign.getSpec().senderIdRef)
              .orElseThrow();
      Instant start = Instant.now();
      platform.scheduler().upsertCampaign(ManifestTranslator.campaign(campaign, sender, null));
      Instant firstSubmit = null;
      Instant lastLine = start;
      Instant allSubmitted = null;
      CampaignStats stats;
      CampaignStatus status;
      while (true) {
        status =
            platform.scheduler().getCampaign(GetCampaignRequest.newBuilder().setId(id).build());
        stats =
            platform
                .analytics()
                .getCampaignStats(GetCampaignStatsRequest.newBuilder().setCampaignId(id).build());
        if (firstSubmit == null && simulator.stats().submitsReceived() > 0) {
          firstSubmit = Instant.now();
        }
        long resolved = stats.getSubmitted() + stats.getSubmitFailed() + stats.getExpired();
        if (status.getExpansionComplete()
            && resolved >= status.getQueued()
            && allSubmitted == null) {
          allSubmitted = Instant.now();
        }
        if (allSubmitted != null
            && (stats.getDelivered() + stats.getUndelivered() >= stats.getSubmitted()
                || Duration.between(allSubmitted, Instant.now()).toSeconds() > 60)) {
          break;
        }
        if (Duration.between(lastLine, Instant.now()).toSeconds() >= 5) {
          lastLine = Instant.now();
          System.out.printf(
              "  [%5.1fs] read %d  queued %d  submitted %d  delivered %d  SMSC received %d%n",
              seconds(Duration.between(start, lastLine)),
              status.getAudience(),
              status.getQueued(),
              stats.getSubmitted(),
              stats.getDelivered(),
              simulator.stats().submitsReceived());
        }
        if (Duration.between(start, Instant.now()).toMinutes() > 30) {
          throw new IllegalStateException("campaign did not complete within 30 minutes");
        }
        Thread.sleep(100);
      }
      Instant receiptsIn = Instant.now();
      Map<String, Double> cpuAfter = cpu(platform);
      double sendSeconds = seconds(Duration.between(start, allSubmitted));
      double throughput = stats.getSubmitted() / sendSeconds;

      System.out.println();
      System.out.println("== Relais campaign throughput ==");
      System.out.printf(
          "Recipients:               %d (queued %d)%n", recipients, status.getQueued());
      System.out.printf(
          "Submitted:                %d (failed %d)%n",
          stats.getSubmitted(), stats.getSubmitFailed());
      System.out.printf("Delivered:                %d%n", stats.getDelivered());
      System.out.printf(
          "First submit_sm after:    %.2f s%n", seconds(Duration.between(start, firstSubmit)));
      System.out.printf("All submitted after:      %.1f s%n", sendSeconds);
      System.out.printf(
          "Receipts in after:        %.1f s%n", seconds(Duration.between(start, receiptsIn)));
      System.out.printf("Throughput (end to end):  %.0f messages/s%n", throughput);
      System.out.printf(
          "Baseline (bare SMPP):     %.0f messages/s  (platform reaches %.0f%% of it)%n",
          baseline, 100 * throughput / baseline);
      System.out.println("Per process:               peak RSS    CPU s during the campaign");
      Map<String, Long> peaks = platform.peakMemory();
      for (var entry : platform.processes().entrySet()) {
        System.out.printf(
            "  %-24s%6d MiB    %6.1f%n",
            entry.getKey(),
            peaks.get(entry.getKey()) / (1024 * 1024),
            cpuAfter.getOrDefault(entry.getKey(), 0.0)
                - cpuBefore.getOrDefault(entry.getKey(), 0.0));
      }
      System.out.println("Machine: " + Runtime.getRuntime().availableProcessors() + " cores");
      System.out.println("Rerun with: " + command);
    }
  }

  private static Map<String, Double> cpu(LocalPlatform platform) {
    Map<String, Double> cpu = new LinkedHashMap<>();
    platform.processes().forEach((name, pid) -> cpu.put(name, ProcessStats.cpuSeconds(pid)));
    return cpu;
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
