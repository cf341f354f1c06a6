package dev.relais.scheduler;

import static dev.relais.common.time.ProtoTime.timestamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignPhase;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.Sender;
import dev.relais.queue.QueuedMessage;
import dev.relais.sms.text.SmsEncoding;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler on a real Cassandra and real gRPC: campaigns are accepted or refused, expanded from
 * a paged audience, and land in the dispatch queue exactly once per eligible contact.
 */
class SchedulerIT {

  private static final String ROUTE = "orange-fr";
  private static final int NEWSLETTER = 2_500;
  private static final int ORDERS = 300;
  private static final int RESTART = 6_000;

  /** A past Tuesday morning in Paris: inside the fr-marketing window. */
  private static final Instant TUESDAY_10H =
      LocalDateTime.parse("2026-11-17T10:00").atZone(ZoneId.of("Europe/Paris")).toInstant();

  private static SchedulerHarness harness;

  @BeforeAll
  static void start() {
    harness = new SchedulerHarness();
    harness.contacts.list("newsletter", NEWSLETTER, SchedulerIT::newsletterContact);
    harness.contacts.list("orders", ORDERS, SchedulerIT::orderContact);
    harness.contacts.list("paused", 50, SchedulerIT::newsletterContact);
    harness.contacts.list("restart", RESTART, SchedulerIT::orderContact);
    Route route =
        harness.scheduler.upsertRoute(
            Route.newBuilder().setName(ROUTE).addPrefixes("+33").setShards(4).build());
    assertThat(route.getShards()).isEqualTo(4);
  }

  @AfterAll
  static void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  /**
   * Newsletter contact {@code i}: most consent; some did not, some opted out, a few have a UK
   * number (no route) or a broken one, and every fifth has no first name (the fallback applies).
   */
  static Contact newsletterContact(int i) {
    String phone =
        i % 500 == 11
            ? "06123"
            : i % 250 == 7
                ? String.format("+447700900%03d", i % 1000)
                : String.format("+336%08d", i);
    return Contact.newBuilder()
        .setPhone(phone)
        .setFirstName(i % 5 == 0 ? "" : "Client" + i)
        .setRegion(phone.startsWith("+44") ? "GB" : "FR")
        .setMarketingConsent(i % 10 != 3)
        .setOptedOut(i % 17 == 5)
        .build();
  }

  static Contact orderContact(int i) {
    return Contact.newBuilder()
        .setPhone(String.format("+337%08d", i))
        .setFirstName("Acheteur" + i)
        .setMarketingConsent(false)
        .setOptedOut(i % 3 == 0)
        .build();
  }

  /** The suppression reason the spec expects for a newsletter contact, or null when eligible. */
  private static String expectedReason(Contact c) {
    if (!c.getPhone().startsWith("+")) {
      return "invalid-number";
    }
    if (c.getOptedOut()) {
      return "opted-out";
    }
    if (!c.getMarketingConsent()) {
      return "no-consent";
    }
    if (!c.getPhone().startsWith("+33")) {
      // A French campaign reaches France only (its default country allow-list).
      return "country-not-allowed";
    }
    return null;
  }

  private static Campaign.Builder marketing(String id, String list) {
    return Campaign.newBuilder()
        .setId(id)
        .setGeneration(1)
        .setType(CampaignType.CAMPAIGN_TYPE_MARKETING)
        .setSender(Sender.newBuilder().setValue("BOUTIQUE").setStopMention("STOP 36111"))
        .setAudienceList(list)
        .setTemplate("Bonjour {{ firstName | client }}, -20% sur tout ce week-end")
        .setPolicy("fr-marketing")
        .setDefaultRegion("FR")
        .setStartAt(timestamp(TUESDAY_10H))
        .setDeadline(timestamp(Instant.now().plus(Duration.ofDays(7))))
        .setMaxRate(1000);
  }

  @Test
  void marketingCampaignQueuesExactlyOneRenderedMessagePerEligibleContact() throws Exception {
    CampaignStatus accepted =
        harness.scheduler.upsertCampaign(marketing("shop/newsletter", "newsletter").build());
    assertThat(accepted.getObservedGeneration()).isEqualTo(1);

    CampaignStatus status = harness.awaitExpanded("shop/newsletter", Duration.ofSeconds(60));

    Map<String, Contact> eligible = new HashMap<>();
    Map<String, Long> suppressed = new TreeMap<>();
    for (int i = 0; i < NEWSLETTER; i++) {
      Contact c = newsletterContact(i);
      String reason = expectedReason(c);
      if (reason == null) {
        eligible.put(c.getPhone(), c);
      } else {
        suppressed.merge(reason, 1L, Long::sum);
      }
    }
    assertThat(suppressed.keySet())
        .containsExactlyInAnyOrder(
            "invalid-number", "opted-out", "no-consent", "country-not-allowed");
    assertThat(status.getAudience()).isEqualTo(NEWSLETTER);
    assertThat(status.getQueued()).isEqualTo(eligible.size());
    assertThat(status.getQueuedParts()).isEqualTo(eligible.size());
    assertThat(status.getSuppressedMap()).isEqualTo(suppressed);
    assertThat(harness.contacts.maxPageSizeSeen).isEqualTo(1000);

    List<QueuedMessage> queued = harness.queued(ROUTE, "shop/newsletter");
    assertThat(queued).hasSize(eligible.size());
    Map<String, QueuedMessage> byDestination =
        queued.stream().collect(Collectors.toMap(QueuedMessage::destination, Function.identity()));
    assertThat(byDestination.keySet()).isEqualTo(eligible.keySet());
    // Every queued marketing message was recorded in contacts for the frequency cap.
    assertThat(harness.contacts.marketingSends.get("shop/newsletter"))
        .containsExactlyInAnyOrderElementsOf(eligible.keySet());
    // Each with the message it was sent, which analytics attributes orders to.
    assertThat(harness.contacts.marketingRecipients.get("shop/newsletter"))
        .extracting(r -> r.getPhone() + " " + r.getMessageId() + " " + r.getVariant())
        .containsExactlyInAnyOrderElementsOf(
            harness.queued(ROUTE, "shop/newsletter").stream()
                .map(m -> m.destination() + " " + m.messageId() + " ")
                .toList());
    for (QueuedMessage m : queued) {
      Contact c = eligible.get(m.destination());
      String name = c.getFirstName().isEmpty() ? "client" : c.getFirstName();
      assertThat(m.body()).isEqualTo("Bonjour " + name + ", -20% sur tout ce week-end STOP 36111");
      assertThat(m.sender()).isEqualTo("BOUTIQUE");
      assertThat(m.marketing()).isTrue();
      assertThat(m.parts()).isEqualTo(1);
      assertThat(m.notBefore()).isBetween(TUESDAY_10H, TUESDAY_10H.plusSeconds(3));
    }
    // Paced at 1000 per second: one slot per message, 1 ms apart.
    Set<Instant> slots = new HashSet<>();
    queued.forEach(m -> slots.add(m.notBefore()));
    assertThat(slots).hasSize(eligible.size());
    assertThat(queued.stream().map(QueuedMessage::messageId).distinct()).hasSize(eligible.size());
    // Time-based ids: analytics keeps the events of messages composed together in one partition.
    assertThat(queued).allSatisfy(m -> assertThat(m.messageId().version()).isEqualTo(1));
  }

  /** A promotion as a CMS writes it: typographic apostrophes, quotes and no-break spaces. */
  private static final String SOLDES =
      "{{firstName}}, l’offre «\u00A0hiver\u00A0» de {{city|votre ville}} : -30% sur toute la"
          + " collection d’hiver en magasin et sur le site, jusqu'à dimanche. Code SOLDES30.";

  private static final int SOLDES_AUDIENCE = 40;

  /** Belgian contacts, half named François in Nîmes, half Noël in Besançon. */
  private static Contact soldesContact(int i) {
    return Contact.newBuilder()
        .setPhone(String.format("+32470%06d", i))
        .setRegion("BE")
        .setFirstName(i % 2 == 0 ? "François" : "Noël")
        .setCity(i % 2 == 0 ? "Nîmes" : "Besançon")
        .setMarketingConsent(true)
        .build();
  }

  @Test
  void aTransliteratingCampaignQueuesGsm7BodiesAndPreviewsItsEncodingAndCostBeforeSending()
      throws Exception {
    harness.scheduler.upsertRoute(
        Route.newBuilder()
            .setName("be-mobile")
            .addPrefixes("+32")
            .setShards(2)
            .setCostPerSegment("0.05")
            .build());
    harness.contacts.list("soldes-be", SOLDES_AUDIENCE, SchedulerIT::soldesContact);
    Campaign.Builder soldes =
        marketing("shop/soldes-gsm7", "soldes-be")
            .setDefaultRegion("BE")
            .setTemplate(SOLDES)
            .setAudienceEstimate(SOLDES_AUDIENCE);

    // The answer to the upsert, before any contact is read.
    CampaignStatus transliterated =
        harness.scheduler.upsertCampaign(soldes.clone().setTransliterate(true).build());
    assertThat(transliterated.getEncoding().getEncoding()).isEqualTo("GSM-7");
    assertThat(transliterated.getEncoding().getParts()).isEqualTo(1);
    assertThat(transliterated.getEncoding().getUcs2CharactersList()).isEmpty();
    assertThat(transliterated.getEstimate().getParts()).isEqualTo(SOLDES_AUDIENCE);
    assertThat(transliterated.getEstimate().getRoute()).isEqualTo("be-mobile");
    assertThat(transliterated.getEstimate().getAmount()).isEqualTo("2.00");

    CampaignStatus asWritten =
        harness.scheduler.upsertCampaign(soldes.clone().setId("shop/soldes-ucs2").build());
    assertThat(asWritten.getEncoding().getEncoding()).isEqualTo("UCS-2");
    assertThat(asWritten.getEncoding().getParts()).isEqualTo(3);
    assertThat(asWritten.getEncoding().getPartsTransliterated()).isEqualTo(1);
    assertThat(asWritten.getEncoding().getUcs2Characters(0).getCharacter()).isEqualTo("’");
    assertThat(asWritten.getEncoding().getUcs2Characters(0).getColumn()).isEqualTo(17);
    assertThat(asWritten.getEstimate().getAmount()).isEqualTo("6.00");

    CampaignStatus gsm7 = harness.awaitExpanded("shop/soldes-gsm7", Duration.ofSeconds(60));
    assertThat(gsm7.getQueued()).isEqualTo(SOLDES_AUDIENCE);
    assertThat(gsm7.getQueuedParts()).isEqualTo(SOLDES_AUDIENCE);
    assertThat(gsm7.getQueuedUcs2()).isZero();
    assertThat(gsm7.getCost().getAmount()).isEqualTo("2.00");
    List<QueuedMessage> sent = harness.queued("be-mobile", "shop/soldes-gsm7");
    assertThat(sent).hasSize(SOLDES_AUDIENCE);
    assertThat(sent)
        .allSatisfy(m -> {
          assertThat(SmsEncoding.of(m.body())).isEqualTo(SmsEncoding.GSM_7);
          assertThat(m.parts()).isEqualTo(1);
        })
        .extracting(QueuedMessage::body)
        .contains(
            "Francois, l'offre \" hiver \" de Nimes : -30% sur toute la collection d'hiver en"
                + " magasin et sur le site, jusqu'à dimanche. Code SOLDES30. STOP 36111",
            "Noel, l'offre \" hiver \" de Besancon : -30% sur toute la collection d'hiver en"
                + " magasin et sur le site, jusqu'à dimanche. Code SOLDES30. STOP 36111");

    CampaignStatus ucs2 = harness.awaitExpanded("shop/soldes-ucs2", Duration.ofSeconds(60));
    assertThat(ucs2.getQueuedUcs2()).isEqualTo(SOLDES_AUDIENCE);
    assertThat(ucs2.getQueuedUcs2Parts()).isEqualTo(3L * SOLDES_AUDIENCE);
    assertThat(ucs2.getCost().getAmount()).isEqualTo("6.00");
    assertThat(harness.queued("be-mobile", "shop/soldes-ucs2"))
        .allSatisfy(m -> assertThat(SmsEncoding.of(m.body())).isEqualTo(SmsEncoding.UCS_2));
  }

  @Test
  void campaignCompletesOnceAnalyticsShowsEveryMessageResolved() throws Exception {
    harness.scheduler.upsertCampaign(
        marketing("shop/resolved", "orders")
            .setType(CampaignType.CAMPAIGN_TYPE_TRANSACTIONAL)
            .setPolicy("transactional")
            .build());
    CampaignStatus expanded = harness.awaitExpanded("shop/resolved", Duration.ofSeconds(60));
    long queued = expanded.getQueued();
    assertThat(queued).isEqualTo(ORDERS);

    harness.analytics.set("shop/resolved", queued - 10, 0, 0);
    CampaignStatus sending = harness.status("shop/resolved");
    assertThat(sending.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_SENDING);
    assertThat(sending.getMessage())
        .isEqualTo((queued - 10) + " of " + queued + " queued messages resolved");

    harness.analytics.set("shop/resolved", queued - 10, 4, 6);
    assertThat(harness.status("shop/resolved").getPhase())
        .isEqualTo(CampaignPhase.CAMPAIGN_PHASE_COMPLETED);
  }

  @Test
  void transactionalCampaignReachesOptedOutContactsWithoutStopMention() throws Exception {
    Campaign spec =
        Campaign.newBuilder()
            .setId("shop/shipping")
            .setGeneration(1)
            .setType(CampaignType.CAMPAIGN_TYPE_TRANSACTIONAL)
            .setSender(Sender.newBuilder().setValue("BOUTIQUE"))
            .setAudienceList("orders")
            .setTemplate("{{firstName}}, votre colis arrive demain.")
            .setPolicy("transactional")
            .build();

    CampaignStatus status =
        harness.awaitExpanded(
            harness.scheduler.upsertCampaign(spec).getId(), Duration.ofSeconds(60));

    assertThat(status.getQueued()).isEqualTo(ORDERS);
    assertThat(status.getSuppressedMap()).isEmpty();
    List<QueuedMessage> queued = harness.queued(ROUTE, "shop/shipping");
    assertThat(queued).hasSize(ORDERS);
    assertThat(queued)
        .allSatisfy(m -> {
          assertThat(m.body()).matches("Acheteur\\d+, votre colis arrive demain\\.");
          assertThat(m.marketing()).isFalse();
        });
    assertThat(queued.stream().map(QueuedMessage::destination).distinct()).hasSize(ORDERS);
  }

  @Test
  void invalidTemplateIsRefusedReadablyAndNothingIsStored() {
    Campaign spec =
        marketing("shop/typo", "newsletter").setTemplate("Bonjour {{nickname}} !").build();

    assertThatThrownBy(() -> harness.scheduler.upsertCampaign(spec))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .startsWith("template: unknown placeholder {{nickname}}");
            });
    assertNotFound("shop/typo");
  }

  @Test
  void aTemplateTooLongForTheCampaignsPartLimitIsRefusedAndNothingIsStored() {
    Campaign spec =
        marketing("shop/essay", "newsletter")
            .setTemplate("Bonjour {{firstName|client}}, " + "x".repeat(19_976))
            .build();

    assertThatThrownBy(() -> harness.scheduler.upsertCampaign(spec))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .startsWith("template: a message may take up to 300 SMS parts")
                  .contains("more than the limit of 10");
            });
    assertNotFound("shop/essay");
  }

  @Test
  void unknownPolicyIsRefusedReadably() {
    Campaign spec = marketing("shop/policy", "newsletter").setPolicy("de-marketing").build();

    assertThatThrownBy(() -> harness.scheduler.upsertCampaign(spec))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .isEqualTo(
                      "unknown compliance policy 'de-marketing'; known policies: fr-marketing, transactional");
            });
    assertNotFound("shop/policy");
  }

  @Test
  void futureCampaignIsScheduledAndItsNewGenerationReplacesIt() {
    Instant nextYear = Instant.now().plus(Duration.ofDays(365));
    Campaign first =
        marketing("shop/later", "newsletter")
            .setStartAt(timestamp(nextYear))
            .setDeadline(timestamp(nextYear.plus(Duration.ofDays(1))))
            .build();

    CampaignStatus scheduled = harness.scheduler.upsertCampaign(first);
    assertThat(scheduled.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_SCHEDULED);

    // Same generation, different content: unchanged.
    CampaignStatus same =
        harness.scheduler.upsertCampaign(first.toBuilder().setTemplate("{{nickname}}").build());
    assertThat(same.getObservedGeneration()).isEqualTo(1);

    CampaignStatus replaced =
        harness.scheduler.upsertCampaign(
            first.toBuilder().setGeneration(2).setTemplate("Nouveau texte").build());
    assertThat(replaced.getObservedGeneration()).isEqualTo(2);
    assertThat(replaced.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_SCHEDULED);
    assertThat(replaced.getAudience()).isZero();
  }

  @Test
  void suspendedCampaignIsNotExpandedUntilResumed() throws Exception {
    Campaign paused = marketing("shop/paused", "paused").setSuspended(true).build();

    assertThat(harness.scheduler.upsertCampaign(paused).getPhase())
        .isEqualTo(CampaignPhase.CAMPAIGN_PHASE_PAUSED);
    Thread.sleep(600); // several polls
    CampaignStatus still = harness.status("shop/paused");
    assertThat(still.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_PAUSED);
    assertThat(still.getAudience()).isZero();
    assertThat(harness.queued(ROUTE, "shop/paused")).isEmpty();

    harness.scheduler.upsertCampaign(
        paused.toBuilder().setGeneration(2).setSuspended(false).build());
    CampaignStatus resumed = harness.awaitExpanded("shop/paused", Duration.ofSeconds(60));
    assertThat(resumed.getObservedGeneration()).isEqualTo(2);
    assertThat(harness.queued(ROUTE, "shop/paused"))
        .hasSize((int) resumed.getQueued())
        .isNotEmpty();
  }

  @Test
  void startedCampaignRefusesContentChangesButAcceptsSuspension() throws Exception {
    Campaign spec = marketing("shop/started", "paused").build();
    harness.scheduler.upsertCampaign(spec);
    harness.awaitExpanded("shop/started", Duration.ofSeconds(60));

    assertThatThrownBy(() ->
            harness.scheduler.upsertCampaign(
                spec.toBuilder().setGeneration(2).setTemplate("Autre").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
              assertThat(e.getStatus().getDescription())
                  .contains("only suspend can change now, but template was changed");
            });

    CampaignStatus suspended =
        harness.scheduler.upsertCampaign(
            spec.toBuilder().setGeneration(3).setSuspended(true).build());
    assertThat(suspended.getObservedGeneration()).isEqualTo(3);
    assertThat(suspended.getPhase()).isEqualTo(CampaignPhase.CAMPAIGN_PHASE_PAUSED);
  }

  @Test
  void restartResumesFromTheLastSavedPageWithoutLosingOrRepeatingMessages() throws Exception {
    harness.contacts.pageDelay = Duration.ofMillis(300);
    try {
      Campaign spec =
          Campaign.newBuilder()
              .setId("shop/restart")
              .setGeneration(1)
              .setType(CampaignType.CAMPAIGN_TYPE_TRANSACTIONAL)
              .setSender(Sender.newBuilder().setValue("BOUTIQUE"))
              .setAudienceList("restart")
              .setTemplate("Votre commande est prête.")
              .build();
      harness.scheduler.upsertCampaign(spec);
      Instant giveUp = Instant.now().plusSeconds(60);
      while (harness.status("shop/restart").getAudience() < 2000) {
        assertThat(Instant.now()).isBefore(giveUp);
        Thread.sleep(20);
      }

      harness.restartScheduler();
      CampaignStatus status = harness.awaitExpanded("shop/restart", Duration.ofSeconds(60));

      assertThat(status.getAudience()).isEqualTo(RESTART);
      assertThat(status.getQueued()).isEqualTo(RESTART);
      // The new instance went on from the saved page token instead of starting over.
      assertThat(harness.contacts.tokensRequested.get("restart")).containsOnlyOnce("");
      List<QueuedMessage> queued = harness.queued(ROUTE, "shop/restart");
      assertThat(queued).hasSize(RESTART);
      assertThat(queued.stream().map(QueuedMessage::destination).distinct()).hasSize(RESTART);
    } finally {
      harness.contacts.pageDelay = Duration.ZERO;
    }
  }

  @Test
  void routeShardCountCannotChange() {
    assertThatThrownBy(() ->
            harness.scheduler.upsertRoute(
                Route.newBuilder().setName(ROUTE).addPrefixes("+33").setShards(8).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("already has 4 shards");
            });
  }

  private static void assertNotFound(String id) {
    assertThatThrownBy(() -> harness.status(id))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }
}
