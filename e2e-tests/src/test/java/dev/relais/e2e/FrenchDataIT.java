package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.Timestamp;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.launcher.LocalPlatform;
import dev.relais.local.launcher.ManifestTranslator;
import dev.relais.local.launcher.Manifests;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SenderId;
import dev.relais.operator.api.SmppRoute;
import dev.relais.proto.contacts.v1.AudienceFilter;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportColumn;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.ImportWarning;
import dev.relais.proto.contacts.v1.ListAudienceRequest;
import dev.relais.proto.contacts.v1.ListAudienceResponse;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.scheduler.compliance.FrenchHolidayArea;
import dev.relais.scheduler.compliance.FrenchMarketingPolicy;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SubmittedMessage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Contacts as French tools produce them, on the whole platform: a file exported by Excel
 * (Windows-1252, CRLF, French headers, two consent columns, overseas mobiles written the French
 * way, accents only after the first 64 KiB), a CRM re-sync in UTF-8 with a BOM that withdraws a
 * consent, and replies typed by real people (a STOP with the short code from an overseas number
 * given in national form; START and OUI from someone who had opted out; START alone). Then one
 * marketing campaign: what the SMSC simulator received proves who may be reached.
 */
class FrenchDataIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
  private static final PrintStream OUT = System.out;
  private static final String LIST = "quickstart";

  /** Rows of ASCII-only contacts without consent, so that every accent comes after 64 KiB. */
  private static final int FILLER_ROWS = 2_200;

  /**
   * A person of the Excel file: the number as written there and the E.164 and region it must
   * become, the names (accented, after the first 64 KiB), the file's consent and opt-out cells, and
   * what must be stored at the end: consent, its date (null: not checked) and opt-out.
   */
  record Person(
      String written,
      String e164,
      String region,
      String names,
      String smsConsent,
      String marketingConsent,
      String consentDate,
      String optedOutCell,
      boolean consents,
      Instant consentAt,
      boolean optedOut) {

    String firstName() {
      return names.split(";")[0];
    }

    String lastName() {
      return names.split(";")[1];
    }

    String city() {
      return names.split(";")[2];
    }
  }

  private static final Instant MARCH_2025 = Instant.parse("2025-03-14T00:00:00Z");
  private static final Instant FEBRUARY_2025 = Instant.parse("2025-02-02T00:00:00Z");
  private static final Instant MAY_2025 = Instant.parse("2025-05-05T00:00:00Z");
  private static final Instant OCTOBER_2024 = Instant.parse("2024-10-10T00:00:00Z");

  private static final Person METROPOLE =
      new Person(
          "06 12 34 56 01",
          "+33612345601",
          "FR",
          "Zoé;Lefèvre;Saint-Étienne",
          "oui",
          "oui",
          "14/03/2025",
          "",
          true,
          MARCH_2025,
          false);
  private static final Person GUADELOUPE =
      new Person(
          "0690 12 34 56",
          "+590690123456",
          "GP",
          "Léa;Célestin;Pointe-à-Pitre",
          "oui",
          "oui",
          "02/02/2025",
          "",
          true,
          FEBRUARY_2025,
          false);
  private static final Person WITHDRAWN_BY_RESYNC =
      new Person(
          "06 12 34 56 02",
          "+33612345602",
          "FR",
          "Hélène;Dupré;Besançon",
          "oui",
          "oui",
          "01/09/2024",
          "",
          false,
          null,
          false);
  private static final Person WITHDRAWN_BY_LATER_ROW =
      new Person(
          "06.12.34.56.03",
          "+33612345603",
          "FR",
          "Noël;Garçon;Nîmes",
          "oui",
          "oui",
          "01/09/2024",
          "",
          false,
          null,
          false);
  private static final Person MARKETING_NON =
      new Person(
          "06 12 34 56 04",
          "+33612345604",
          "FR",
          "Raphaël;Müller;Orléans",
          "oui",
          "non",
          "05/05/2025",
          "",
          false,
          null,
          false);
  private static final Person OPPOSED =
      new Person(
          "06 12 34 56 05",
          "+33612345605",
          "FR",
          "Chloé;Bénard;Sète",
          "oui",
          "oui",
          "05/05/2025",
          "oui",
          true,
          MAY_2025,
          true);
  private static final Person REUNION_STOP =
      new Person(
          "0692 12 34 56",
          "+262692123456",
          "RE",
          "Maëlle;Payet;Saint-Denis",
          "oui",
          "oui",
          "10/10/2024",
          "",
          true,
          OCTOBER_2024,
          true);
  private static final Person RESUBSCRIBED =
      new Person(
          "06 12 34 56 06",
          "+33612345606",
          "FR",
          "Éric;Hoarau;Créteil",
          "oui",
          "oui",
          "10/10/2024",
          "oui",
          true,
          null,
          false);
  private static final Person START_ONLY =
      new Person(
          "06 12 34 56 07",
          "+33612345607",
          "FR",
          "Inès;Moreau;Évry",
          "oui",
          "oui",
          "10/10/2024",
          "oui",
          true,
          OCTOBER_2024,
          true);

  private static final List<Person> PEOPLE =
      List.of(
          METROPOLE,
          GUADELOUPE,
          WITHDRAWN_BY_RESYNC,
          WITHDRAWN_BY_LATER_ROW,
          MARKETING_NON,
          OPPOSED,
          REUNION_STOP,
          RESUBSCRIBED,
          START_ONLY);

  private static final Set<String> MAY_RECEIVE =
      Set.of(METROPOLE.e164(), GUADELOUPE.e164(), RESUBSCRIBED.e164());

  private static LocalPlatform platform;
  private static SmscSimulator simulator;
  private static ImportReport excelReport;
  private static ImportReport resyncReport;
  private static CampaignStatus status;
  private static Map<String, List<SubmittedMessage>> received;

  @BeforeAll
  static void importRepliesAndSend() throws Exception {
    Manifests manifests = Manifests.load(EXAMPLES);
    SmppRoute route = manifests.routes().get(0);
    route.getSpec().maxTps = 100;
    route.getSpec().prefixes = List.of("+33", "+590", "+262");
    String password =
        manifests.secretValue(
            route.getMetadata().getNamespace(), route.getSpec().passwordSecretRef);
    // Mid-afternoon in Paris on an ordinary weekday: inside the fr-marketing window in metropolitan
    // France (15:00), Guadeloupe (10:00 in winter, 09:00 in summer) and Réunion (18:00 or 17:00).
    Instant realNow = Instant.now();
    Duration offset =
        Duration.between(realNow, nextOrdinaryWeekdayAt(LocalTime.of(15, 0), realNow));
    Path work = Path.of("target/e2e-french-data");
    platform =
        LocalPlatform.start(
            new LocalPlatform.Options(
                work,
                SharedCassandra.contactPoint(),
                "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
                offset,
                b -> {},
                new PrintStream(OUT, true, StandardCharsets.UTF_8)));
    platform.scheduler().upsertRoute(ManifestTranslator.route(route));
    simulator = platform.deployRoute(route, password, 1).simulator();

    Campaign campaign = manifests.campaigns().get(0);
    excelReport =
        QuickstartCampaign.importContacts(
            platform, campaign, writeExcelExport(work.resolve("excel.csv")), Duration.ofMinutes(3));
    resyncReport =
        QuickstartCampaign.importContacts(
            platform, campaign, writeCrmResync(work.resolve("crm.csv")), Duration.ofMinutes(3));
    OUT.printf("FrenchDataIT: excel %s; crm %s%n", excelReport, resyncReport);

    // Replies, as the SMSC hands them over: national forms for the overseas sender.
    simulator.injectMo("0692123456", "36111", "STOP 36111");
    simulator.injectMo("0612345606", "36111", "START");
    await(
        "the START reply to ask for a confirmation", Contact::getResubscribePending, RESUBSCRIBED);
    simulator.injectMo("0612345606", "36111", "Oui");
    simulator.injectMo("0612345607", "36111", "Start");
    await("the overseas STOP to be recorded", Contact::getOptedOut, REUNION_STOP);
    await("the re-subscription to be confirmed", c -> !c.getOptedOut(), RESUBSCRIBED);

    SenderId sender =
        manifests
            .sender(campaign.getMetadata().getNamespace(), campaign.getSpec().senderIdRef)
            .orElseThrow();
    sender.getSpec().countries = List.of("FR", "GP", "RE");
    String campaignId = ManifestTranslator.campaignId(campaign);
    platform.scheduler().upsertCampaign(ManifestTranslator.campaign(campaign, sender, null));
    status = awaitCompletion(campaignId, Duration.ofMinutes(3));
    received = QuickstartCampaign.receivedByNumber(simulator);
    OUT.printf(
        "FrenchDataIT: %s, %s; audience %d, queued %d, suppressed %s; SMSC received %s%n",
        status.getPhase(),
        status.getMessage(),
        status.getAudience(),
        status.getQueued(),
        status.getSuppressedMap(),
        received.keySet());
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void onlyThoseWhoConsentAndDidNotAskToStopReceivedTheCampaign() {
    assertThat(status.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_COMPLETED);
    assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(MAY_RECEIVE);
    assertThat(received.values()).allSatisfy(messages -> assertThat(messages).hasSize(1));
  }

  @Test
  void everyRowIsStoredWithItsAccentsNumberRegionConsentAndOptOut() {
    assertThat(excelReport.getRejected()).isZero();
    for (Person person : PEOPLE) {
      Contact stored = contact(person);
      assertThat(stored.getPhone()).isEqualTo(person.e164());
      assertThat(stored.getRegion()).as(person.e164()).isEqualTo(person.region());
      assertThat(List.of(stored.getFirstName(), stored.getLastName(), stored.getCity()))
          .as(person.e164())
          .containsExactly(person.firstName(), person.lastName(), person.city());
      assertThat(stored.getMarketingConsent()).as(person.e164()).isEqualTo(person.consents());
      assertThat(stored.getOptedOut()).as(person.e164()).isEqualTo(person.optedOut());
      if (person.consentAt() != null) {
        assertThat(instant(stored.getConsentAt())).as(person.e164()).isEqualTo(person.consentAt());
      }
    }
    // The rows before the first accent, read in pages as the scheduler reads an audience.
    Map<String, Contact> audience = new HashMap<>();
    String page = "";
    do {
      ListAudienceResponse response =
          platform
              .contacts()
              .listAudience(
                  ListAudienceRequest.newBuilder()
                      .setFilter(AudienceFilter.newBuilder().setList(LIST))
                      .setPageSize(1_000)
                      .setPageToken(page)
                      .build());
      response.getContactsList().forEach(c -> audience.put(c.getPhone(), c));
      page = response.getNextPageToken();
    } while (!page.isEmpty());
    assertThat(audience).hasSize(FILLER_ROWS + PEOPLE.size());
    for (int i = 0; i < FILLER_ROWS; i++) {
      String e164 = String.format("+33613%06d", i);
      Contact filler = audience.get(e164);
      assertThat(filler).as(e164).isNotNull();
      assertThat(List.of(filler.getFirstName(), filler.getLastName(), filler.getCity()))
          .as(e164)
          .containsExactly("Client", "Test", "Lyon");
      assertThat(filler.getRegion()).isEqualTo("FR");
      assertThat(filler.getMarketingConsent()).as(e164).isFalse();
      assertThat(filler.getOptedOut()).as(e164).isFalse();
    }
  }

  @Test
  void eachReportSaysHowItReadTheFile() {
    assertThat(excelReport.getCharset()).isEqualTo("windows-1252");
    assertThat(excelReport.getColumnsList())
        .extracting(ImportColumn::getHeader, ImportColumn::getField)
        .containsExactly(
            tuple("N° de portable", "phone"),
            tuple("Prénom", "first_name"),
            tuple("Nom", "last_name"),
            tuple("Ville", "city"),
            tuple("Consentement SMS", "consent"),
            tuple("Consentement marketing", "consent"),
            tuple("Date de consentement", "consent_at"),
            tuple("Désinscrit SMS", "opted_out"));
    assertThat(excelReport.getWarningsList())
        .extracting(ImportWarning::getCode)
        .containsExactlyInAnyOrder("columns-claim-one-field", "charset-windows-1252");
    assertThat(excelReport.getWarningsList())
        .filteredOn(w -> w.getCode().equals("columns-claim-one-field"))
        .singleElement()
        .satisfies(
            w -> assertThat(w.getMessage()).contains("Consentement SMS", "Consentement marketing"));
    assertThat(excelReport.getImported() + excelReport.getUpdated()).isEqualTo(FILLER_ROWS + 10);

    assertThat(resyncReport.getCharset()).isEqualTo("UTF-8");
    assertThat(resyncReport.getColumnsList())
        .extracting(ImportColumn::getField)
        .containsExactly("phone", "first_name", "last_name", "consent");
    assertThat(resyncReport.getWarningsList()).isEmpty();
  }

  @Test
  void aConsentWithdrawnByAFileIsWithdrawnAndTheOriginalConsentDateKept() {
    assertThat(contact(WITHDRAWN_BY_RESYNC).getMarketingConsent()).isFalse();
    assertThat(contact(WITHDRAWN_BY_RESYNC).hasConsentAt())
        .as("withdrawal clears the date")
        .isFalse();
    assertThat(contact(WITHDRAWN_BY_LATER_ROW).getMarketingConsent()).isFalse();
    assertThat(contact(MARKETING_NON).getMarketingConsent()).isFalse();
    // The re-sync repeats Zoé's consent without a date: her consent keeps its original date.
    assertThat(instant(contact(METROPOLE).getConsentAt()))
        .isEqualTo(Instant.parse("2025-03-14T00:00:00Z"));
  }

  @Test
  void optOutsFromFilesAndRepliesHold() {
    assertThat(contact(OPPOSED).getOptedOut()).isTrue();
    assertThat(contact(REUNION_STOP).getOptedOut()).isTrue();
    assertThat(contact(START_ONLY).getOptedOut()).as("START without confirmation").isTrue();
    Contact resubscribed = contact(RESUBSCRIBED);
    assertThat(resubscribed.getOptedOut()).isFalse();
    assertThat(resubscribed.getMarketingConsent()).isTrue();
  }

  /** The Excel export: Windows-1252, CRLF, the headers a French CRM writes. */
  private static Path writeExcelExport(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    StringBuilder csv =
        new StringBuilder(
            "N° de portable;Prénom;Nom;Ville;Consentement SMS;Consentement marketing;"
                + "Date de consentement;Désinscrit SMS\r\n");
    for (int i = 0; i < FILLER_ROWS; i++) {
      csv.append(String.format("0613%06d;Client;Test;Lyon;;;;\r\n", i));
    }
    for (Person person : PEOPLE) {
      row(
          csv,
          person,
          person.smsConsent(),
          person.marketingConsent(),
          person.consentDate(),
          person.optedOutCell());
    }
    // Later in the same file, the CRM's newer line for the same person: consent withdrawn.
    row(csv, WITHDRAWN_BY_LATER_ROW, "non", "non", "", "");
    Files.writeString(file, csv, WINDOWS_1252);
    return file;
  }

  /** The CRM's next sync: UTF-8 with a BOM, other header names, no consent date column. */
  private static Path writeCrmResync(Path file) throws IOException {
    StringBuilder csv = new StringBuilder("\uFEFFNuméro portable;Prénom;Nom;Consentement SMS\n");
    csv.append(METROPOLE.written()).append(";Zoé;Lefèvre;oui\n");
    csv.append(WITHDRAWN_BY_RESYNC.written()).append(";Hélène;Dupré;non\n");
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return file;
  }

  private static void row(
      StringBuilder csv,
      Person person,
      String smsConsent,
      String marketingConsent,
      String consentDate,
      String optedOut) {
    csv.append(
            String.join(
                ";",
                person.written(),
                person.names(),
                smsConsent,
                marketingConsent,
                consentDate,
                optedOut))
        .append("\r\n");
  }

  private static Contact contact(Person person) {
    return platform
        .contacts()
        .getContact(GetContactRequest.newBuilder().setPhone(person.e164()).build());
  }

  private static void await(String what, Predicate<Contact> condition, Person person)
      throws InterruptedException {
    Instant giveUp = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(giveUp)) {
      if (condition.test(contact(person))) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private static CampaignStatus awaitCompletion(String campaignId, Duration timeout)
      throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    CampaignStatus s;
    do {
      s =
          platform
              .scheduler()
              .getCampaign(GetCampaignRequest.newBuilder().setId(campaignId).build());
      if (s.getPhase() == CampaignPhase.CAMPAIGN_PHASE_COMPLETED
          || s.getPhase() == CampaignPhase.CAMPAIGN_PHASE_FAILED) {
        return s;
      }
      Thread.sleep(500);
    } while (Instant.now().isBefore(giveUp));
    return s;
  }

  /**
   * The next Tuesday, Wednesday or Thursday that is a working day in metropolitan France and in
   * every overseas region of the test, at {@code time} in Paris.
   */
  private static Instant nextOrdinaryWeekdayAt(LocalTime time, Instant now) {
    LocalDate day = now.atZone(PARIS).toLocalDate().plusDays(1);
    Set<DayOfWeek> ordinary = Set.of(DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY);
    while (!ordinary.contains(day.getDayOfWeek())
        || !FrenchMarketingPolicy.isOpenDay(day, FrenchHolidayArea.GUADELOUPE)
        || !FrenchMarketingPolicy.isOpenDay(day, FrenchHolidayArea.LA_REUNION)
        || !FrenchMarketingPolicy.isOpenDay(day)) {
      day = day.plusDays(1);
    }
    return ZonedDateTime.of(day, time, PARIS).toInstant();
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
