package dev.relais.local.launcher;

import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmppRoute;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.smsc.SmscSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Runs the manifests of a directory on a local platform: deploys each route (simulator and
 * dispatch), imports the contacts file, submits each campaign and follows it to completion.
 */
public final class QuickstartDemo {

  private final LocalPlatform platform;
  private final PrintStream out;

  public QuickstartDemo(LocalPlatform platform, PrintStream out) {
    this.platform = platform;
    this.out = out;
  }

  /** Applies routes, imports contacts into the campaigns' lists, runs every campaign. */
  public List<DemoSummary> run(Manifests manifests, Path contactsFile, String clockNote)
      throws IOException {
    for (SmppRoute route : manifests.routes()) {
      String password =
          manifests.secretValue(
              route.getMetadata().getNamespace(), route.getSpec().passwordSecretRef);
      // The scheduler registers the route's queue shards, which dispatch then leases.
      platform.scheduler().upsertRoute(ManifestTranslator.route(route));
      platform.deployRoute(route, password, 1);
    }
    List<DemoSummary> summaries = new ArrayList<>();
    for (Campaign campaign : manifests.campaigns()) {
      Instant start = Instant.now();
      ImportReport report =
          CampaignContacts.importFor(platform.contactsAsync(), campaign, contactsFile, out);
      SenderId sender =
          manifests
              .sender(campaign.getMetadata().getNamespace(), campaign.getSpec().senderIdRef)
              .orElseThrow(() ->
                  new IllegalArgumentException(
                      "Campaign "
                          + campaign.getMetadata().getName()
                          + " names SenderId "
                          + campaign.getSpec().senderIdRef
                          + ", which is not in the manifests"));
      var segment =
          campaign.getSpec().audience == null || campaign.getSpec().audience.segmentRef == null
              ? null
              : manifests
                  .segment(
                      campaign.getMetadata().getNamespace(), campaign.getSpec().audience.segmentRef)
                  .orElse(null);
      String id = ManifestTranslator.campaignId(campaign);
      out.println("Running campaign " + id + "...");
      platform.scheduler().upsertCampaign(ManifestTranslator.campaign(campaign, sender, segment));
      CampaignWatcher.Snapshot done =
          new CampaignWatcher(platform, out)
              .await(id, Duration.ofMinutes(30), Duration.ofSeconds(30));
      long received =
          messagesReceived(
              manifests.routes().stream()
                  .map(r -> platform.route(r.getMetadata().getName()).smsc())
                  .toList());
      summaries.add(
          new DemoSummary(
              id,
              clockNote,
              report,
              done.status(),
              done.stats(),
              received,
              Duration.between(start, Instant.now())));
    }
    return summaries;
  }

  /** Messages the launcher's simulators accepted; routes with their own SMSC are not counted. */
  static long messagesReceived(Collection<LocalSmsc> smscs) {
    return smscs.stream()
        .flatMap(s -> s.simulator().stream())
        .mapToLong(QuickstartDemo::messagesReceived)
        .sum();
  }

  /** Messages (not parts) the simulator accepted: a concatenated message counts once. */
  static long messagesReceived(SmscSimulator simulator) {
    return simulator.received().stream()
        .filter(m -> m.part().map(p -> p.partNumber() == 1).orElse(true))
        .count();
  }
}
