package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.launcher.LocalPlatform;
import dev.relais.local.launcher.ManifestTranslator;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.SmppRoute;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportReport;
import dev.relais.proto.contacts.v1.MarketingRecipient;
import dev.relais.proto.contacts.v1.RecordMarketingSendsRequest;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.scheduler.compliance.FrenchMarketingPolicy;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SubmittedMessage;
import java.io.IOException;
import java.io.PrintStream;
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
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A marketing campaign to a mixed audience on the whole platform (real processes, Cassandra and
 * SMPP), on a Saturday evening a few minutes before the fr-marketing window closes at 20:00. The
 * audience mixes consenting contacts, contacts without consent, opted-out ones, contacts already at
 * the frequency cap and Belgian numbers a French campaign may not reach; some recipients reply STOP
 * while the campaign runs. What the SMSC simulator received proves each rule.
 */
class ComplianceIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final int ROWS = 1_500;
  private static final int ROUTE_TPS = 100;
  private static final int CAMPAIGN_RATE = 5;
  private static final int STOPPERS = 20;
  private static final String STOP_MENTION = "STOP 36111";
  private static final PrintStream OUT = System.out;

  /** What each row of the test's contacts file is, by row index. */
  enum Kind {
    NO_CONSENT,
    OPTED_OUT,
    CAPPED,
    BELGIAN,
    ELIGIBLE;

    static Kind of(int i) {
      return switch (i % 10) {
        case 0 -> NO_CONSENT;
        case 1 -> OPTED_OUT;
        case 2 -> CAPPED;
        case 3 -> BELGIAN;
        default -> ELIGIBLE;
      };
    }
  }

  private static LocalPlatform platform;
  private static SmscSimulator simulator;
  private static Duration offset;
  private static Instant windowCloses;
  private static String campaignId;
  private static Map<String, Kind> kindByNumber;
  private static Map<String, Instant> stoppedAt;
  private static Map<String, List<SubmittedMessage>> received;
  private static CampaignStatus status;
  private static CampaignStats stats;

  @BeforeAll
  static void runACampaignIntoTheClosingWindow() throws Exception {
    Manifests manifests = Manifests.load(EXAMPLES);
    SmppRoute route = manifests.routes().get(0);
    route.getSpec().maxTps = ROUTE_TPS;
    String password =
        manifests.secretValue(
            route.getMetadata().getNamespace(), route.getSpec().passwordSecretRef);
    // The platform's clock starts on the next open Saturday at 19:56, Paris time: about four
    // minutes before the window closes, of which start-up takes one.
    Instant realNow = Instant.now();
    ZonedDateTime saturday = nextOpenSaturdayAt(LocalTime.of(19, 56), realNow);
    offset = Duration.between(realNow, saturday.toInstant());
    windowCloses = saturday.with(LocalTime.of(20, 0)).toInstant();
    Path work = Path.of("target/e2e-compliance");
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
    Path contacts = work.resolve("contacts.csv");
    kindByNumber = writeContacts(contacts);
    ImportReport report =
        QuickstartCampaign.importContacts(platform, campaign, contacts, Duration.ofMinutes(5));
    assertThat(report.getImported()).isEqualTo(ROWS);

    // Capped contacts already had four marketing SMS from earlier campaigns this month.
    Instant platformNow = Instant.now().plus(offset);
    List<String> capped = numbersOf(Kind.CAPPED);
    for (int earlier = 1; earlier <= 4; earlier++) {
      platform
          .contacts()
          .recordMarketingSends(
              RecordMarketingSendsRequest.newBuilder()
                  .setCampaignId("relais-demo/earlier-" + earlier)
                  .setSentAt(timestamp(platformNow.minus(Duration.ofDays(3L * earlier))))
                  .addAllRecipients(
                      capped.stream()
                          .map(phone ->
                              MarketingRecipient.newBuilder()
                                  .setPhone(phone)
                                  .setMessageId(UUID.randomUUID().toString())
                                  .build())
                          .toList())
                  .build());
    }

    var sender =
        manifests
            .sender(campaign.getMetadata().getNamespace(), campaign.getSpec().senderIdRef)
            .orElseThrow();
    campaignId = ManifestTranslator.campaignId(campaign);
    Instant start = Instant.now().plus(offset).plusSeconds(5);
    platform
        .scheduler()
        .upsertCampaign(
            ManifestTranslator.campaign(campaign, sender, null).toBuilder()
                .setStartAt(timestamp(start))
                .setDeadline(timestamp(windowCloses.plus(Duration.ofDays(3))))
                .setMaxRate(CAMPAIGN_RATE)
                .build());
    OUT.printf(
        "ComplianceIT: platform clock %s, campaign starts %s, window closes %s%n",
        Instant.now().plus(offset).atZone(PARIS), start.atZone(PARIS), windowCloses.atZone(PARIS));

    // Some recipients who have not had their message yet reply STOP while the campaign runs.
    awaitReceived(100, Duration.ofMinutes(3));
    stoppedAt = new TreeMap<>();
    Set<String> already = QuickstartCampaign.receivedByNumber(simulator).keySet();
    for (String number : numbersOf(Kind.ELIGIBLE)) {
      if (stoppedAt.size() == STOPPERS) {
        break;
      }
      if (!already.contains(number)) {
        simulator.injectMo(number, "36111", "  Stop ");
        stoppedAt.put(number, Instant.now());
      }
    }

    // Sending stops when the window closes (2 minutes early: dispatch's margin); wait past it.
    Duration untilClose = Duration.between(Instant.now().plus(offset), windowCloses);
    Thread.sleep(Math.max(0, untilClose.toMillis()) + 5_000);
    awaitQuiet(Duration.ofSeconds(5), Duration.ofMinutes(2));
    received = QuickstartCampaign.receivedByNumber(simulator);
    status =
        platform.scheduler().getCampaign(GetCampaignRequest.newBuilder().setId(campaignId).build());
    stats =
        platform
            .analytics()
            .getCampaignStats(
                GetCampaignStatsRequest.newBuilder().setCampaignId(campaignId).build());
    OUT.printf(
        "ComplianceIT: %s, %s; status: phase %s, queued %d, held %d, suppressed %s;"
            + " analytics: submitted %d, expired %d; SMSC received %d numbers%n",
        status.getPhase(),
        status.getMessage(),
        status.getPhase(),
        status.getQueued(),
        status.getHeldForWindow(),
        status.getSuppressedMap(),
        stats.getSubmitted(),
        stats.getExpired(),
        received.size());
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void onlyConsentingFrenchContactsUnderTheCapReceivedAnything() {
    Map<Kind, Long> receivedByKind =
        received.keySet().stream()
            .collect(Collectors.groupingBy(kindByNumber::get, TreeMap::new, Collectors.counting()));

    assertThat(receivedByKind.keySet()).containsOnly(Kind.ELIGIBLE);
    assertThat(received.values()).allSatisfy(messages -> assertThat(messages).hasSize(1));
  }

  @Test
  void everyLeftOutContactIsCountedByReason() {
    long perKind = ROWS / 10;
    assertThat(status.getAudience()).isEqualTo(ROWS);
    assertThat(status.getSuppressedMap())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "no-consent", perKind,
                "opted-out", perKind,
                "capped", perKind,
                "country-not-allowed", perKind));
    assertThat(status.getQueued()).isEqualTo(numbersOf(Kind.ELIGIBLE).size());
  }

  @Test
  void nothingWasSubmittedOutsideThePolicyWindow() {
    List<Instant> submitTimes =
        received.values().stream()
            .flatMap(List::stream)
            .map(m -> m.receivedAt().plus(offset))
            .sorted()
            .toList();

    assertThat(submitTimes).isNotEmpty();
    assertThat(submitTimes.get(submitTimes.size() - 1)).isBefore(windowCloses);
    assertThat(submitTimes.get(0).atZone(PARIS).getDayOfWeek()).isEqualTo(DayOfWeek.SATURDAY);
  }

  @Test
  void messagesDueAfterTheWindowAreHeldNotLostAndTheCampaignSaysSo() {
    assertThat(status.getHeldForWindow()).isPositive();
    assertThat(status.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_HELD);
    assertThat(status.getMessage()).contains("until its window opens");
    // Every message due before the close was resolved: submitted, or stopped by an opt-out.
    assertThat(stats.getSubmitted() + stats.getExpired())
        .isEqualTo(status.getQueued() - status.getHeldForWindow());
    assertThat(stats.getSubmitted()).isEqualTo(received.size());
  }

  @Test
  void aStopMidCampaignStopsEveryLaterSendToThatNumber() {
    List<String> sentAfterStop = new ArrayList<>();
    for (Map.Entry<String, Instant> stop : stoppedAt.entrySet()) {
      // A submit already on the wire when the STOP arrived may land just after it.
      Instant grace = stop.getValue().plusSeconds(1);
      for (SubmittedMessage m : received.getOrDefault(stop.getKey(), List.of())) {
        if (m.receivedAt().isAfter(grace)) {
          sentAfterStop.add(stop.getKey());
        }
      }
      Contact contact =
          platform
              .contacts()
              .getContact(GetContactRequest.newBuilder().setPhone(stop.getKey()).build());
      assertThat(contact.getOptedOut()).as("contact opted out by its STOP reply").isTrue();
    }
    assertThat(stoppedAt).hasSize(STOPPERS);
    assertThat(sentAfterStop).isEmpty();
    // Some of them had their message queued and due before the close: it expired instead.
    long stoppedBeforeTheirTurn =
        stoppedAt.keySet().stream().filter(n -> !received.containsKey(n)).count();
    OUT.printf(
        "ComplianceIT: %d of %d STOP senders received nothing; analytics expired %d%n",
        stoppedBeforeTheirTurn, STOPPERS, stats.getExpired());
    assertThat(stats.getExpired()).isPositive();
  }

  @Test
  void everyMarketingSmsCarriesTheStopMention() {
    assertThat(received).isNotEmpty();
    for (List<SubmittedMessage> messages : received.values()) {
      assertThat(simulator.reassembledTextsFor(messages.get(0).destinationAddress()))
          .isNotEmpty()
          .allSatisfy(text -> assertThat(text).endsWith(STOP_MENTION));
    }
  }

  @Test
  void queuedMessagesCountTowardTheFrequencyCap() {
    String someone = received.keySet().iterator().next();
    Contact contact =
        platform.contacts().getContact(GetContactRequest.newBuilder().setPhone(someone).build());
    Contact capped =
        platform
            .contacts()
            .getContact(
                GetContactRequest.newBuilder().setPhone(numbersOf(Kind.CAPPED).get(0)).build());

    assertThat(contact.getMarketingSendsCount()).isEqualTo(1);
    assertThat(capped.getMarketingSendsCount()).isEqualTo(4);
  }

  private static ZonedDateTime nextOpenSaturdayAt(LocalTime time, Instant now) {
    LocalDate day =
        now.atZone(PARIS).toLocalDate().with(TemporalAdjusters.next(DayOfWeek.SATURDAY));
    while (!FrenchMarketingPolicy.isOpenDay(day)) {
      day = day.plusWeeks(1);
    }
    return ZonedDateTime.of(day, time, PARIS);
  }

  /** Writes the mixed audience; returns each number's kind. */
  private static Map<String, Kind> writeContacts(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Map<String, Kind> kinds = new TreeMap<>();
    StringBuilder csv =
        new StringBuilder("telephone;prenom;ville;consentement_sms;date_optin;stop;tags\n");
    for (int i = 0; i < ROWS; i++) {
      Kind kind = Kind.of(i);
      String number =
          kind == Kind.BELGIAN ? String.format("+32470%06d", i) : SyntheticContacts.e164(i);
      kinds.put(number, kind);
      csv.append(number)
          .append(";Client")
          .append(i)
          .append(";Lyon;")
          .append(kind == Kind.NO_CONSENT ? "non" : "oui")
          .append(";2026-01-02;")
          .append(kind == Kind.OPTED_OUT ? "oui" : "non")
          .append(";newsletter\n");
    }
    Files.writeString(file, csv, StandardCharsets.UTF_8);
    return kinds;
  }

  private static List<String> numbersOf(Kind kind) {
    return kindByNumber.entrySet().stream()
        .filter(e -> e.getValue() == kind)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static void awaitReceived(long count, Duration timeout) throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    while (simulator.receivedCount() < count) {
      assertThat(Instant.now()).as("%d messages reach the SMSC", count).isBefore(giveUp);
      Thread.sleep(50);
    }
  }

  private static void awaitQuiet(Duration calm, Duration timeout) throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    long last = -1;
    Instant changed = Instant.now();
    while (Instant.now().isBefore(giveUp)) {
      long now = simulator.receivedCount();
      if (now != last) {
        last = now;
        changed = Instant.now();
      } else if (Duration.between(changed, Instant.now()).compareTo(calm) >= 0) {
        return;
      }
      Thread.sleep(100);
    }
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder()
        .setSeconds(instant.getEpochSecond())
        .setNanos(instant.getNano())
        .build();
  }
}
