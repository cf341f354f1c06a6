package dev.relais.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.Timestamp;
import dev.relais.common.privacy.PersonalData;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.links.LinksTestServer;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.contacts.v1.Contact;
import dev.relais.proto.links.v1.ExportContactLinksRequest;
import dev.relais.proto.links.v1.ExportedLink;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import dev.relais.proto.links.v1.MessageRef;
import dev.relais.proto.scheduler.v1.Campaign;
import dev.relais.proto.scheduler.v1.CampaignStatus;
import dev.relais.proto.scheduler.v1.CampaignType;
import dev.relais.proto.scheduler.v1.ClickCounts;
import dev.relais.proto.scheduler.v1.GetCampaignRequest;
import dev.relais.proto.scheduler.v1.Money;
import dev.relais.proto.scheduler.v1.Route;
import dev.relais.proto.scheduler.v1.Sender;
import dev.relais.proto.scheduler.v1.Variant;
import dev.relais.proto.scheduler.v1.VariantStatus;
import dev.relais.queue.OutgoingMessage;
import dev.relais.queue.QueuedMessage;
import dev.relais.scheduler.audience.VelocityLimiter;
import dev.relais.scheduler.campaign.CampaignValidator;
import dev.relais.scheduler.campaign.CompiledCampaign;
import dev.relais.scheduler.campaign.MessageComposer;
import dev.relais.scheduler.campaign.PageMessageIds;
import dev.relais.scheduler.compliance.PolicyRegistry;
import dev.relais.scheduler.links.LinksClient;
import dev.relais.scheduler.links.MessageLinks;
import dev.relais.scheduler.routing.RouteDefinition;
import dev.relais.scheduler.routing.RouteTable;
import dev.relais.sms.text.SmsParts;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tracked links on a real Cassandra, a real links service and real gRPC: a campaign with {@code
 * {{link}}} and {@code {{link:https://...}}} queues every recipient its own short links, each
 * redirecting to its URL and held under that recipient, the preview counts the parts of the text
 * sent, a page expanded again carries the same links, and the campaign's status counts the clicks.
 */
class TrackedLinksIT {

  private static final String BASE = "https://go.boutique.example";
  private static final String LANDING = "https://boutique.example/printemps?utm_source=sms";
  private static final String TERMS = "https://boutique.example/cgv";
  private static final String PRIVACY_KEY = "tracked-links-it-privacy-key";
  private static final String ID = "shop/spring-links";
  private static final String ROUTE = "orange-fr";
  private static final int AUDIENCE = 400;

  private static final String TEMPLATE =
      "{{firstName|Bonjour}}, la collection printemps arrive : -20% sur tout le site jusqu'a"
          + " dimanche. Decouvrez-la : {{link}} Conditions : {{link:"
          + TERMS
          + "}}";

  /** A past Tuesday morning in Paris: inside the fr-marketing window. */
  private static final Instant TUESDAY_10H =
      LocalDateTime.parse("2026-11-17T10:00").atZone(ZoneId.of("Europe/Paris")).toInstant();

  private static LinksTestServer links;

  @BeforeAll
  static void startLinks() {
    links =
        LinksTestServer.start(
            "it_links_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12),
            Map.of("links.baseurl", BASE));
  }

  @AfterAll
  static void stopLinks() {
    links.close();
  }

  private static Contact contact(int i) {
    return Contact.newBuilder()
        .setPhone(String.format("+336%08d", 40_000_000 + i))
        .setFirstName(i % 5 == 0 ? "" : "Client" + i)
        .setRegion("FR")
        .setMarketingConsent(true)
        .build();
  }

  private static Campaign campaign() {
    return Campaign.newBuilder()
        .setId(ID)
        .setGeneration(1)
        .setType(CampaignType.CAMPAIGN_TYPE_MARKETING)
        .setSender(Sender.newBuilder().setValue("BOUTIQUE").setStopMention("STOP 36111"))
        .setAudienceList("spring")
        .setTemplate(TEMPLATE)
        .setLandingUrl(LANDING)
        .setPolicy("fr-marketing")
        .setDefaultRegion("FR")
        .setStartAt(Timestamp.newBuilder().setSeconds(TUESDAY_10H.getEpochSecond()))
        .setDeadline(
            Timestamp.newBuilder()
                .setSeconds(Instant.now().plus(Duration.ofDays(7)).getEpochSecond()))
        .setMaxRate(1000)
        .setMaxParts(4)
        .build();
  }

  private static final Pattern SENT =
      Pattern.compile(
          "(.*), la collection printemps arrive : -20% sur tout le site jusqu'a dimanche."
              + " Decouvrez-la : "
              + Pattern.quote(BASE)
              + "/([0-9A-Za-z]{12}) Conditions : "
              + Pattern.quote(BASE)
              + "/([0-9A-Za-z]{12}) STOP 36111");

  @Test
  void everyRecipientGetsItsOwnShortLinksAndThePreviewCountsTheTextSent() throws Exception {
    Map<String, String> config =
        Map.of("links.address", "127.0.0.1:" + links.port(), "privacy.key", PRIVACY_KEY);
    ManagedChannel linksChannel =
        ManagedChannelBuilder.forAddress("127.0.0.1", links.port()).usePlaintext().build();
    try (SchedulerHarness harness = new SchedulerHarness(config)) {
      harness.contacts.list("spring", AUDIENCE, TrackedLinksIT::contact);
      harness.scheduler.upsertRoute(
          Route.newBuilder().setName(ROUTE).addPrefixes("+33").setShards(4).build());
      harness.scheduler.upsertCampaign(campaign());
      CampaignStatus status = harness.awaitExpanded(ID, Duration.ofSeconds(60));
      assertThat(status.getQueued()).isEqualTo(AUDIENCE);

      List<QueuedMessage> queued = harness.queued(ROUTE, ID);
      assertThat(queued).hasSize(AUDIENCE);
      Set<String> tokens = new HashSet<>();
      LinksServiceGrpc.LinksServiceBlockingStub linksApi =
          LinksServiceGrpc.newBlockingStub(linksChannel);
      int checked = 0;
      for (QueuedMessage m : queued) {
        Matcher sent = SENT.matcher(m.body());
        assertThat(sent.matches()).as("message text: %s", m.body()).isTrue();
        int i = Integer.parseInt(m.destination().substring(4)) - 40_000_000;
        String name = contact(i).getFirstName();
        assertThat(sent.group(1)).isEqualTo(name.isEmpty() ? "Bonjour" : name);
        assertThat(tokens.add(sent.group(2))).isTrue();
        assertThat(tokens.add(sent.group(3))).isTrue();
        // The preview's parts are those of the text as sent, short links included (2 parts: the
        // template itself, placeholders written out, fits in one).
        assertThat(SmsParts.of(m.body()).parts()).isEqualTo(2);
        assertThat(status.getEncoding().getParts()).isEqualTo(SmsParts.of(m.body()).parts());
        if (checked++ < 25) {
          assertThat(redirect(sent.group(2))).isEqualTo(LANDING);
          assertThat(redirect(sent.group(3))).isEqualTo(TERMS);
          // Found by this message, which contacts records of a marketing campaign; nothing is
          // filed under the recipient's key (its keyed hash, never its number).
          String contactKey = PersonalData.contactKey(m.destination(), PrivacyKey.of(PRIVACY_KEY));
          assertThat(
                  linksApi
                      .exportContactLinks(
                          ExportContactLinksRequest.newBuilder().setContactKey(contactKey).build())
                      .getLinksList())
              .isEmpty();
          List<ExportedLink> held =
              linksApi
                  .exportContactLinks(
                      ExportContactLinksRequest.newBuilder()
                          .setContactKey(contactKey)
                          .addMessages(
                              MessageRef.newBuilder()
                                  .setCampaignId(ID)
                                  .setMessageId(m.messageId().toString()))
                          .build())
                  .getLinksList();
          assertThat(held)
              .extracting(ExportedLink::getToken, ExportedLink::getTargetUrl)
              .containsExactlyInAnyOrder(
                  org.assertj.core.groups.Tuple.tuple(sent.group(2), LANDING),
                  org.assertj.core.groups.Tuple.tuple(sent.group(3), TERMS));
          assertThat(held)
              .allSatisfy(l -> {
                assertThat(l.getMessageId()).isEqualTo(m.messageId().toString());
                assertThat(l.getCampaignId()).isEqualTo(ID);
              });
        }
      }
      assertThat(tokens).hasSize(2 * AUDIENCE);
    } finally {
      linksChannel.shutdownNow();
    }
  }

  @Test
  void theCampaignStatusCountsTheClicksOfItsLinksAndTheConversionsAnalyticsAttributes()
      throws Exception {
    Map<String, String> config =
        Map.of("links.address", "127.0.0.1:" + links.port(), "privacy.key", PRIVACY_KEY);
    String linked = "shop/spring-clicks";
    String plain = "shop/spring-plain";
    try (SchedulerHarness harness = new SchedulerHarness(config)) {
      harness.contacts.list("clicks", 20, TrackedLinksIT::contact);
      harness.scheduler.upsertRoute(
          Route.newBuilder()
              .setName(ROUTE)
              .addPrefixes("+33")
              .setShards(4)
              .setCostPerSegment("0.05")
              .setCurrency("EUR")
              .build());
      // Variant a carries the links, variant b none.
      harness.scheduler.upsertCampaign(
          campaign().toBuilder()
              .setId(linked)
              .setAudienceList("clicks")
              .addVariants(Variant.newBuilder().setName("a").setWeight(1).setTemplate(TEMPLATE))
              .addVariants(
                  Variant.newBuilder()
                      .setName("b")
                      .setWeight(1)
                      .setTemplate("{{firstName|Bonjour}}, la collection printemps arrive."))
              .build());
      harness.scheduler.upsertCampaign(
          campaign().toBuilder()
              .setId(plain)
              .setAudienceList("clicks")
              .setTemplate("{{firstName|Bonjour}}, la collection printemps arrive en boutique.")
              .build());
      harness.awaitExpanded(linked, Duration.ofSeconds(60));
      harness.awaitExpanded(plain, Duration.ofSeconds(60));
      harness.analytics.set(
          CampaignStats.newBuilder()
              .setCampaignId(linked)
              .setSubmitted(20)
              .setDelivered(20)
              .setConversions(2)
              .addRevenue(
                  dev.relais.proto.analytics.v1.Money.newBuilder()
                      .setCurrency("EUR")
                      .setAmount("149.70"))
              .build());

      // Before any click: the links service answers, so zero clicks is a true figure.
      assertThat(harness.scheduler.getCampaign(request(linked)).getClicks())
          .isEqualTo(ClickCounts.getDefaultInstance());
      assertThat(harness.scheduler.getCampaign(request(linked)).hasClicks()).isTrue();

      List<String> tokens = new ArrayList<>();
      for (QueuedMessage m : harness.queued(ROUTE, linked)) {
        if (!m.variant().equals("a")) {
          continue;
        }
        Matcher sent = SENT.matcher(m.body());
        assertThat(sent.matches()).as("message text: %s", m.body()).isTrue();
        tokens.add(sent.group(2));
      }
      redirect(tokens.get(0));
      redirect(tokens.get(0));
      redirect(tokens.get(1));
      links.redirect(tokens.get(2), "facebookexternalhit/1.1");

      CampaignStatus status = awaitClicks(harness, linked, 3);
      assertThat(status.getClicks())
          .isEqualTo(
              ClickCounts.newBuilder().setClicks(3).setUniqueClicks(2).setBotClicks(1).build());
      // Every click was on variant a's links; variant b has none to count.
      assertThat(status.getVariantsList())
          .extracting(VariantStatus::getName, VariantStatus::hasClicks)
          .containsExactly(tuple("a", true), tuple("b", false));
      assertThat(status.getVariants(0).getClicks()).isEqualTo(status.getClicks());
      // Each variant's cost: its own parts (2 per message for a, 1 for b) at 0.05 EUR.
      for (VariantStatus variant : status.getVariantsList()) {
        assertThat(variant.getCostList())
            .containsExactly(
                Money.newBuilder()
                    .setCurrency("EUR")
                    .setAmount(
                        new java.math.BigDecimal("0.05")
                            .multiply(java.math.BigDecimal.valueOf(variant.getQueuedParts()))
                            .setScale(2)
                            .toPlainString())
                    .build());
      }
      assertThat(status.getDelivery().getConversions()).isEqualTo(2);
      assertThat(status.getDelivery().getRevenueList())
          .containsExactly(Money.newBuilder().setCurrency("EUR").setAmount("149.70").build());
      // A campaign without a link has no click figure at all, not a zero.
      CampaignStatus withoutLinks = harness.scheduler.getCampaign(request(plain));
      assertThat(withoutLinks.getQueued()).isEqualTo(20);
      assertThat(withoutLinks.hasClicks()).isFalse();
      assertThat(withoutLinks.getDelivery().getConversions()).isZero();
      assertThat(withoutLinks.getDelivery().getRevenueList()).isEmpty();
    }
  }

  @Test
  void aPlatformWithoutLinksServiceReportsNoClicks() throws Exception {
    try (SchedulerHarness harness = new SchedulerHarness()) {
      harness.contacts.list("plain", 5, TrackedLinksIT::contact);
      harness.scheduler.upsertRoute(
          Route.newBuilder().setName(ROUTE).addPrefixes("+33").setShards(4).build());
      harness.scheduler.upsertCampaign(
          campaign().toBuilder()
              .setAudienceList("plain")
              .setTemplate("{{firstName|Bonjour}}, la collection printemps arrive en boutique.")
              .clearLandingUrl()
              .build());
      CampaignStatus status = harness.awaitExpanded(ID, Duration.ofSeconds(60));
      assertThat(status.getQueued()).isEqualTo(5);
      assertThat(harness.scheduler.getCampaign(request(ID)).hasClicks()).isFalse();
    }
  }

  private static GetCampaignRequest request(String id) {
    return GetCampaignRequest.newBuilder().setId(id).build();
  }

  /** The status once the links service has counted {@code clicks} clicks (counted in the back). */
  private static CampaignStatus awaitClicks(SchedulerHarness harness, String id, long clicks)
      throws InterruptedException {
    Instant giveUp = Instant.now().plusSeconds(20);
    CampaignStatus status = harness.scheduler.getCampaign(request(id));
    while (status.getClicks().getClicks() + status.getClicks().getBotClicks() < clicks
        && Instant.now().isBefore(giveUp)) {
      Thread.sleep(100);
      status = harness.scheduler.getCampaign(request(id));
    }
    return status;
  }

  @Test
  void aPageComposedAgainAfterACrashCarriesTheSameLinks() {
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", links.port()).usePlaintext().build();
    try {
      LinksClient client = new LinksClient(channel, Duration.ofSeconds(10));
      MessageLinks messageLinks = new MessageLinks(client, PrivacyKey.of(PRIVACY_KEY));
      CompiledCampaign compiled =
          new CampaignValidator(PolicyRegistry.standard(), client).compile(campaign(), TUESDAY_10H);
      RouteTable routes =
          RouteTable.of(List.of(RouteDefinition.validated(ROUTE, List.of("+33"), 0, 4)));
      List<Contact> page = IntStream.range(0, 300).mapToObj(TrackedLinksIT::contact).toList();
      UUID key = PageMessageIds.newKey(Instant.now());

      List<String> first = expandPage(compiled, routes, messageLinks, page, key);
      List<String> again = expandPage(compiled, routes, messageLinks, page, key);
      List<String> otherPage =
          expandPage(
              compiled,
              routes,
              messageLinks,
              page,
              PageMessageIds.newKey(Instant.now().plusSeconds(1)));

      assertThat(first).hasSize(300).allMatch(text -> SENT.matcher(text).matches());
      assertThat(again).isEqualTo(first);
      // The links of a page are one partition of the links service: their tokens share a page part.
      assertThat(pageParts(first)).hasSize(1);
      assertThat(pageParts(otherPage)).hasSize(1).doesNotContainAnyElementsOf(pageParts(first));
      // Other message ids, other links: a token follows from the message, not the number.
      for (int i = 0; i < first.size(); i++) {
        assertThat(otherPage.get(i)).isNotEqualTo(first.get(i));
      }
    } finally {
      channel.shutdownNow();
    }
  }

  private static List<String> expandPage(
      CompiledCampaign compiled,
      RouteTable routes,
      MessageLinks messageLinks,
      List<Contact> page,
      UUID key) {
    List<OutgoingMessage> composed =
        new MessageComposer(compiled, routes, VelocityLimiter.unlimited())
            .compose(page, 0, PageMessageIds.of(key)::idFor)
            .messages();
    return messageLinks.resolve(compiled, composed).stream().map(OutgoingMessage::body).toList();
  }

  /** The page parts (first 4 characters) of the tokens in {@code texts}. */
  private static Set<String> pageParts(List<String> texts) {
    Set<String> parts = new HashSet<>();
    for (String text : texts) {
      Matcher sent = SENT.matcher(text);
      assertThat(sent.matches()).isTrue();
      parts.add(sent.group(2).substring(0, 4));
      parts.add(sent.group(3).substring(0, 4));
    }
    return parts;
  }

  /** Where the links service redirects {@code token}, followed by a phone's browser. */
  private static String redirect(String token) throws Exception {
    return links.redirect(token, "Mozilla/5.0 (iPhone)");
  }
}
