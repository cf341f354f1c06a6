package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.launcher.DemoClock;
import dev.relais.local.launcher.DemoSummary;
import dev.relais.local.launcher.LocalPlatform;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.QuickstartDemo;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.local.launcher.SyntheticContacts.RowKind;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.scheduler.campaign.VariantAssignment;
import dev.relais.smsc.DeliveryOutcome;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SubmittedMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The quickstart, end to end on real parts: the manifests of {@code examples/quickstart} and its
 * contacts file, real Cassandra, every service in its own JVM, real SMPP to the SMSC simulator.
 * What the demo's summary reports is checked against what the SMSC actually received.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickstartIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final String CAMPAIGN = "relais-demo/winter-sale";

  private static LocalPlatform platform;
  private static DemoSummary summary;
  private static SmscSimulator simulator;
  private static Map<String, RowKind> kindByNumber;

  @BeforeAll
  static void runTheQuickstart() throws Exception {
    Manifests manifests = Manifests.load(EXAMPLES);
    Duration offset =
        DemoClock.offsetFor("fr-marketing", true, Instant.now(), ZoneId.of("Europe/Paris"));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    LocalPlatform.Options options =
        new LocalPlatform.Options(
            Path.of("target/e2e-quickstart"),
            SharedCassandra.contactPoint(),
            "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
            offset,
            b -> {},
            out);
    platform = LocalPlatform.start(options);
    try {
      List<DemoSummary> summaries =
          new QuickstartDemo(platform, out).run(manifests, EXAMPLES.resolve("contacts.csv"), "");
      summary = summaries.get(0);
      summary.print(out);
    } finally {
      System.out.println(console.toString(StandardCharsets.UTF_8));
    }
    simulator = platform.route("simulator-fr").simulator();

    long rows = Files.lines(EXAMPLES.resolve("contacts.csv")).count() - 1;
    kindByNumber = new HashMap<>();
    for (long i = 0; i < rows; i++) {
      kindByNumber.put(SyntheticContacts.e164(i), SyntheticContacts.kindOf(i));
    }
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  @Order(1)
  void theSummaryReportsExactlyWhatTheSmscReceived() {
    long consenting = kindByNumber.values().stream().filter(k -> k == RowKind.CONSENTING).count();
    assertThat(summary.submitted()).isEqualTo(summary.simulatorReceived()).isEqualTo(consenting);
    assertThat(summary.queued()).isEqualTo(consenting);
    assertThat(summary.delivered() + summary.failed()).isEqualTo(summary.submitted());
    // One message per number; a long message is delivered only if all its parts are.
    long deliveredBySmsc =
        simulator.received().stream()
            .collect(
                Collectors.groupingBy(
                    SubmittedMessage::destinationAddress,
                    Collectors.reducing(
                        true, m -> m.outcome() == DeliveryOutcome.DELIVERED, Boolean::logicalAnd)))
            .values()
            .stream()
            .filter(delivered -> delivered)
            .count();
    assertThat(summary.delivered()).isEqualTo(deliveredBySmsc);
    assertThat(summary.suppressed())
        .containsEntry(
            "no-consent",
            kindByNumber.values().stream().filter(k -> k == RowKind.NO_CONSENT).count())
        .containsEntry(
            "opted-out",
            kindByNumber.values().stream().filter(k -> k == RowKind.OPTED_OUT).count());
    assertThat(summary.imported().getRejected())
        .isEqualTo(kindByNumber.values().stream().filter(k -> k == RowKind.INVALID_NUMBER).count());
  }

  @Test
  @Order(2)
  void onlyConsentingContactsReceivedOneMessageEachWithTheStopMention() {
    Map<String, List<SubmittedMessage>> received = QuickstartCampaign.receivedByNumber(simulator);
    kindByNumber.forEach((number, kind) -> {
      int count = received.getOrDefault(number, List.of()).size();
      assertThat(count)
          .as("messages to a %s contact", kind)
          .isEqualTo(kind == RowKind.CONSENTING ? 1 : 0);
    });
    assertThat(simulator.received())
        .allSatisfy(m -> assertThat(m.sourceAddress()).isEqualTo("RELAISSHOP"));
    for (String number : received.keySet()) {
      List<String> texts = simulator.reassembledTextsFor(number.substring(1));
      List<String> textsWithPlus = simulator.reassembledTextsFor(number);
      List<String> all = texts.isEmpty() ? textsWithPlus : texts;
      assertThat(all)
          .singleElement()
          .satisfies(t -> assertThat(t).startsWith(variantOpening(t)).endsWith("STOP 36111"));
    }
  }

  @Test
  @Order(2)
  void eachRecipientReceivedItsOwnVariantInTheDeclaredSplitAndTheStatusCountsEachExactly()
      throws Exception {
    Campaign campaign = Manifests.load(EXAMPLES).campaigns().get(0);
    List<CampaignSpec.Variant> variants = campaign.getSpec().variants;
    assertThat(variants).extracting(v -> v.name).containsExactly("a", "b");
    VariantAssignment assignment =
        VariantAssignment.of(CAMPAIGN, variants.stream().map(v -> v.weight).toList());
    Map<String, Long> receivedByVariant = new HashMap<>();
    for (String number : QuickstartCampaign.receivedByNumber(simulator).keySet()) {
      List<String> texts = simulator.reassembledTextsFor(number.substring(1));
      String text = (texts.isEmpty() ? simulator.reassembledTextsFor(number) : texts).get(0);
      // Each variant's text is known by its fixed opening words.
      String variant = variantOf(text);
      assertThat(variant)
          .as("the variant the campaign assigns to this number")
          .isEqualTo(variants.get(assignment.indexFor(number)).name);
      receivedByVariant.merge(variant, 1L, Long::sum);
    }
    long received = receivedByVariant.values().stream().mapToLong(Long::longValue).sum();
    // 70/30 over about 3,000 recipients: the share of a lies within four standard deviations.
    double shareOfA = (double) receivedByVariant.getOrDefault("a", 0L) / received;
    assertThat(shareOfA).isCloseTo(0.7, within(4 * Math.sqrt(0.7 * 0.3 / received)));

    CampaignStatus status =
        platform.scheduler().getCampaign(GetCampaignRequest.newBuilder().setId(CAMPAIGN).build());
    assertThat(status.getVariantsList())
        .extracting(v -> v.getName(), v -> v.getQueued(), v -> v.getDelivery().getSubmitted())
        .containsExactly(
            tuple("a", receivedByVariant.get("a"), receivedByVariant.get("a")),
            tuple("b", receivedByVariant.get("b"), receivedByVariant.get("b")));
    assertThat(status.getVariantsList())
        .allSatisfy(v ->
            assertThat(v.getDelivery().getDelivered() + v.getDelivery().getFailed())
                .isEqualTo(v.getDelivery().getSubmitted()));
  }

  /** The variant of a received text, known by its fixed opening words. */
  private static String variantOf(String text) {
    if (text.startsWith("Bonjour ")) {
      return "a";
    }
    assertThat(text).as("a text of variant a or b").startsWith("Dernier week-end : ");
    return "b";
  }

  private static String variantOpening(String text) {
    return variantOf(text).equals("a") ? "Bonjour " : "Dernier week-end : ";
  }

  @Test
  @Order(3)
  void aStopReplyOptsTheNumberOutAndCountsForTheCampaign() throws Exception {
    String number = QuickstartCampaign.receivedByNumber(simulator).keySet().iterator().next();
    simulator.injectMo(number, "36111", "  Stop ");
    Instant giveUp = Instant.now().plusSeconds(20);
    boolean optedOut = false;
    while (!optedOut && Instant.now().isBefore(giveUp)) {
      optedOut =
          platform
              .contacts()
              .getContact(GetContactRequest.newBuilder().setPhone(number).build())
              .getOptedOut();
      Thread.sleep(200);
    }
    assertThat(optedOut).as("contact opted out after replying STOP").isTrue();
    CampaignStats stats = null;
    while (Instant.now().isBefore(giveUp)) {
      stats =
          platform
              .analytics()
              .getCampaignStats(
                  GetCampaignStatsRequest.newBuilder().setCampaignId(CAMPAIGN).build());
      if (stats.getOptedOut() == 1) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(stats.getOptedOut()).isEqualTo(1);
  }
}
