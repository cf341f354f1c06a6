package dev.relais.local.launcher;

import dev.relais.contacts.client.ContactsImporter;
import dev.relais.operator.api.Campaign;
import dev.relais.proto.contacts.v1.ContactsServiceGrpc;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.ImportReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/** Imports the demo's contacts file into the list a campaign sends to, with consent evidence. */
final class CampaignContacts {

  /** The wording the demo's contacts agreed to, kept as their consent evidence. */
  static final String CONSENT_WORDING =
      "J'accepte de recevoir les offres de RELAISSHOP par SMS. STOP au 36111.";

  private CampaignContacts() {}

  static ImportReport importFor(
      ContactsServiceGrpc.ContactsServiceStub contacts,
      Campaign campaign,
      Path contactsFile,
      PrintStream out)
      throws IOException {
    String list =
        campaign.getSpec().audience == null
            ? ""
            : Objects.requireNonNullElse(campaign.getSpec().audience.list, "");
    out.println("Importing " + contactsFile + " into list '" + list + "'...");
    ImportReport report =
        new ContactsImporter(contacts, Duration.ofMinutes(30))
            .importCsv(
                contactsFile,
                ImportOptions.newBuilder()
                    .setList(list)
                    .setDefaultRegion(
                        Objects.requireNonNullElse(campaign.getSpec().defaultRegion, "FR"))
                    .setConsentSource("web-form")
                    .setConsentWording(CONSENT_WORDING)
                    .build());
    out.printf(
        "  %d rows: %d new, %d updated, %d rejected %s%n",
        report.getRows(),
        report.getImported(),
        report.getUpdated(),
        report.getRejected(),
        report.getRejectedByReasonMap());
    return report;
  }
}
