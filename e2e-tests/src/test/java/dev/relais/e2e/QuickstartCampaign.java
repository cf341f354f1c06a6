package dev.relais.e2e;

import dev.relais.contacts.client.ContactsImporter;
import dev.relais.local.launcher.LocalPlatform;
import dev.relais.local.launcher.ManifestTranslator;
import dev.relais.local.launcher.Manifests;
import dev.relais.operator.api.Campaign;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SubmittedMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What the end-to-end tests do alike with the quickstart's campaign: its contacts, its start. */
final class QuickstartCampaign {

  private QuickstartCampaign() {}

  /**
   * Imports a contacts CSV into the campaign's list, French numbers, consent from a web form, as a
   * marketing team would; waits up to {@code timeout}.
   */
  static ImportReport importContacts(
      LocalPlatform platform, Campaign campaign, Path csv, Duration timeout) throws IOException {
    return new ContactsImporter(platform.contactsAsync(), timeout)
        .importCsv(
            csv,
            ImportOptions.newBuilder()
                .setList(campaign.getSpec().audience.list)
                .setDefaultRegion("FR")
                .setConsentSource("web-form")
                .setConsentWording("J'accepte de recevoir les offres de RELAISSHOP par SMS.")
                .build());
  }

  /** Hands the campaign, with its sender, to the scheduler, as the operator does. */
  static void start(LocalPlatform platform, Manifests manifests, Campaign campaign) {
    var sender =
        manifests
            .sender(campaign.getMetadata().getNamespace(), campaign.getSpec().senderIdRef)
            .orElseThrow();
    platform.scheduler().upsertCampaign(ManifestTranslator.campaign(campaign, sender, null));
  }

  /** Messages (not parts) an SMSC accepted, by E.164 destination, oldest first. */
  static Map<String, List<SubmittedMessage>> receivedByNumber(SmscSimulator simulator) {
    return simulator.received().stream()
        .filter(m -> m.part().map(p -> p.partNumber() == 1).orElse(true))
        .collect(Collectors.groupingBy(m -> "+" + m.destinationAddress().replaceFirst("^\\+", "")));
  }
}
