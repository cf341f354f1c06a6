package dev.relais.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.local.launcher.ClusterDemo;
import dev.relais.local.launcher.DemoClock;
import dev.relais.local.launcher.Manifests;
import dev.relais.local.launcher.SyntheticContacts;
import dev.relais.operator.api.Campaign;
import dev.relais.operator.api.CampaignSpec;
import dev.relais.operator.model.CampaignKpis;
import dev.relais.smsc.OutcomeMix;
import dev.relais.smsc.SmscSimulator;
import dev.relais.smsc.SubmittedMessage;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Tracked links and conversions on the whole local platform, as a shop sees them: a campaign with
 * {@code {{link}}} in two A/B variants goes through the operator to the SMSC simulator; each
 * recipient's short link is read from the message the SMSC received and clicked over HTTP by people
 * (once or again and again) and by link-preview fetchers; the shop posts its orders to analytics'
 * HTTP ingest (one of them twice); then the Campaign's status shows exactly the clicks, unique
 * clicks, bot clicks, conversions, revenue and ROI that follow from what was sent and the route's
 * price, in total and per variant. A reminder without any link, sent afterwards, is credited with
 * the orders of the recipients it reached who never clicked: by its delivery alone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClicksAndConversionsIT {

  private static final Path EXAMPLES = Path.of("../examples/quickstart");
  private static final String LANDING = "https://shop.example.fr/soldes?utm_source=sms";
  private static final Duration TIMEOUT = Duration.ofMinutes(3);
  private static final PrintStream OUT = System.out;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private static final String CHROME =
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/131.0.0.0 Mobile Safari/537.36";
  private static final String SAFARI =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

  /** Preview fetchers of messaging apps, as docs/links.md lists them: never a person's click. */
  private static final List<String> PREVIEWS =
      List.of(
          "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
          "WhatsApp/2.24.6.77 A",
          "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
          "TelegramBot (like TwitterBot)");

  private static ClusterDemo demo;
  private static Manifests manifests;
  private static Campaign campaign;
  private static SmscSimulator simulator;
  private static String baseUrl;
  private static BigDecimal price;

  /** Each recipient, by E.164 number: their variant, link token and SMS parts received. */
  private record Recipient(String number, String variant, String token, int parts) {}

  private static final Map<String, Recipient> recipients = new TreeMap<>();

  /** What the test sent, per variant: the KPIs the status must then show. */
  private static final class Expected {
    long clicks;
    long uniqueClicks;
    long botClicks;
    long conversions;
    BigDecimal revenue = BigDecimal.ZERO;
    long parts;
  }

  private static final Map<String, Expected> expected = new TreeMap<>();

  @BeforeAll
  static void sendACampaignWithTrackedLinks() throws Exception {
    manifests = Manifests.load(EXAMPLES);
    campaign = manifests.campaigns().get(0);
    campaign.getSpec().landingUrl = LANDING;
    campaign.getSpec().template = "Soldes {{firstName|client}} : -20% sur {{link}}";
    campaign.getSpec().variants =
        List.of(
            variant("a", "Soldes {{firstName|client}} : -20% sur {{link}}"),
            variant("b", "Dernier jour, {{firstName|client}} : {{link}}"));
    price = new BigDecimal(manifests.routes().get(0).getSpec().costPerSegment);
    Path contacts = Path.of("target/e2e-clicks/contacts.csv").toAbsolutePath();
    Files.createDirectories(contacts.getParent());
    SyntheticContacts.write(contacts, 48, 5);
    Duration offset =
        DemoClock.offsetFor("fr-marketing", true, Instant.now(), ZoneId.of("Europe/Paris"));
    demo =
        ClusterDemo.start(
            new ClusterDemo.Options(
                Path.of("target/e2e-clicks/platform").toAbsolutePath(),
                SharedCassandra.contactPoint(),
                "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
                offset,
                // Clicks and orders after completion reach the status within seconds.
                Map.of("RELAIS_CAMPAIGN_IDLE_POLL", "PT1S"),
                // Every message delivered: an order without a click is credited by its delivery.
                b -> b.outcomeMix(OutcomeMix.ALL_DELIVERED),
                new PrintStream(OUT, true, StandardCharsets.UTF_8)),
            manifests);
    demo.run(manifests, contacts, "").get(0).print(OUT);
    simulator = demo.simulator(manifests.routes().get(0).getMetadata().getName());
    baseUrl = demo.linksBaseUrl().orElseThrow();
    readTheLinksTheSmscReceived();
    // A click within links.prefetchwindow (10 s) of its message's delivery is a phone's or an
    // app's prefetch, counted as a bot (docs/links.md): the people of this test click later.
    Thread.sleep(Duration.ofSeconds(12));
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  private static CampaignSpec.Variant variant(String name, String template) {
    CampaignSpec.Variant variant = new CampaignSpec.Variant();
    variant.name = name;
    variant.weight = 50;
    variant.template = template;
    return variant;
  }

  /** Every recipient's link, from the text the SMSC received (never from the platform's store). */
  private static void readTheLinksTheSmscReceived() {
    Pattern link = Pattern.compile(Pattern.quote(baseUrl) + "/([0-9A-Za-z]{12})");
    Map<String, Set<Integer>> partsByNumber = new LinkedHashMap<>();
    for (SubmittedMessage m : simulator.received()) {
      // A resent part is one part of the cost: count each (number, part) once.
      partsByNumber
          .computeIfAbsent(e164(m.destinationAddress()), n -> new HashSet<>())
          .add(m.part().map(p -> p.partNumber()).orElse(1));
    }
    partsByNumber.forEach((number, parts) -> {
      List<String> texts = simulator.reassembledTextsFor(number.substring(1));
      if (texts.isEmpty()) {
        texts = simulator.reassembledTextsFor(number);
      }
      String text = texts.get(0);
      Matcher m = link.matcher(text);
      assertThat(m.find()).as("a short link on " + baseUrl + " in each message").isTrue();
      String variant = text.startsWith("Soldes ") ? "a" : "b";
      recipients.put(number, new Recipient(number, variant, m.group(1), parts.size()));
    });
  }

  @Test
  @Order(1)
  void eachRecipientHasALinkOfTheirOwnThatLeadsToTheLandingPage() throws Exception {
    assertThat(baseUrl).startsWith("http://127.0.0.1:");
    assertThat(recipients).hasSizeGreaterThanOrEqualTo(16);
    assertThat(recipients.values().stream().map(Recipient::variant).distinct())
        .containsExactlyInAnyOrder("a", "b");
    assertThat(recipients.values().stream().map(Recipient::token).distinct().count())
        .isEqualTo(recipients.size());
    // A HEAD reveals the target as a click would (and counts as a preview, not a person).
    Recipient first = recipients.values().iterator().next();
    HttpResponse<Void> head =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/" + first.token()))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .header("User-Agent", CHROME)
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(302);
    assertThat(head.headers().firstValue("Location")).contains(LANDING);
    expectedOf(first.variant()).botClicks++;
    // A link cut short or mistyped leads to the fallback, and is no one's click.
    HttpResponse<Void> unknown = get(baseUrl + "/" + "0".repeat(12), CHROME);
    assertThat(unknown.statusCode()).isEqualTo(302);
    assertThat(unknown.headers().firstValue("Location")).isPresent().get().isNotEqualTo(LANDING);
    assertThat(get(baseUrl + "/a/b", CHROME).statusCode()).isEqualTo(404);
  }

  @Test
  @Order(2)
  void clicksOfPeopleAndPreviewsAreCountedApartInTheStatus() throws Exception {
    List<Recipient> all = new ArrayList<>(recipients.values());
    for (int i = 0; i < all.size(); i++) {
      Recipient r = all.get(i);
      Expected e = expectedOf(r.variant());
      switch (i % 4) {
        case 0 -> {
          click(r, CHROME);
          e.clicks++;
          e.uniqueClicks++;
        }
        case 1 -> {
          // The same person coming back: three clicks, one link clicked.
          click(r, SAFARI);
          click(r, SAFARI);
          click(r, CHROME);
          e.clicks += 3;
          e.uniqueClicks++;
        }
        case 2 -> {
          // Shared in chats: every app fetches a preview; nobody opened it.
          for (String preview : PREVIEWS) {
            click(r, preview);
            e.botClicks++;
          }
        }
        default -> {
          // Not opened.
        }
      }
    }
    for (Recipient r : all) {
      expectedOf(r.variant()).parts += r.parts();
    }
    Expected total = total();
    OUT.printf(
        "ClicksAndConversionsIT: sent %d clicks (%d links), %d previews to %d recipients%n",
        total.clicks, total.uniqueClicks, total.botClicks, all.size());

    await(
        "the status to show the clicks sent",
        () -> {
          Campaign.Status s = status();
          return s.kpis != null
              && Objects.equals(s.delivered, (long) recipients.size())
              && Objects.equals(s.kpis.clicks, total.clicks)
              && Objects.equals(s.kpis.uniqueClicks, total.uniqueClicks)
              && Objects.equals(s.kpis.botClicks, total.botClicks)
              && s.variants != null
              && s.variants.stream()
                  .allMatch(v ->
                      v.kpis != null
                          && Objects.equals(v.kpis.clicks, expectedOf(v.name).clicks)
                          && Objects.equals(v.kpis.uniqueClicks, expectedOf(v.name).uniqueClicks)
                          && Objects.equals(v.kpis.botClicks, expectedOf(v.name).botClicks));
        });
    Campaign.Status status = status();
    assertThat(status.kpis.clicks).isEqualTo(total.clicks);
    assertThat(status.kpis.uniqueClicks).isEqualTo(total.uniqueClicks);
    assertThat(status.kpis.botClicks).isEqualTo(total.botClicks);
    assertThat(status.delivered).isEqualTo((long) recipients.size());
    assertThat(status.kpis.clickRate)
        .isEqualTo(CampaignKpis.percent((double) total.uniqueClicks / recipients.size()));
    for (Campaign.VariantStatus v : status.variants) {
      Expected e = expectedOf(v.name);
      assertThat(v.kpis.clicks).as("variant " + v.name).isEqualTo(e.clicks);
      assertThat(v.kpis.uniqueClicks).as("variant " + v.name).isEqualTo(e.uniqueClicks);
      assertThat(v.kpis.botClicks).as("variant " + v.name).isEqualTo(e.botClicks);
    }
  }

  @Test
  @Order(3)
  void ordersPostedByTheShopBecomeConversionsRevenueAndRoi() throws Exception {
    String url = demo.conversionsUrl();
    List<Recipient> all = new ArrayList<>(recipients.values());
    int deliveredOnly = 0;
    String firstOrder = null;
    for (int i = 0; i < all.size(); i++) {
      Recipient r = all.get(i);
      Expected e = expectedOf(r.variant());
      String order = "CMD-" + i;
      switch (i % 4) {
        case 0, 1 -> {
          // Clicked by a person: the order goes to the message clicked.
          String amount = i % 4 == 0 ? "49.90" : "19.99";
          Map<String, Object> answer = postOrder(url, order, r.number(), amount, 200);
          assertThat(answer)
              .containsEntry("attribution", "ATTRIBUTION_CLICK")
              .containsEntry("campaignId", campaignId())
              .containsEntry("variant", r.variant())
              .containsEntry("recorded", true);
          e.conversions++;
          e.revenue = e.revenue.add(new BigDecimal(amount));
          if (firstOrder == null) {
            firstOrder = order;
            // The shop's webhook retried, with another amount: the first report stands.
            Map<String, Object> again = postOrder(url, order, r.number(), "999.00", 200);
            assertThat(again).containsEntry("attribution", "ATTRIBUTION_CLICK");
            // proto3 JSON leaves out a false field: absent reads as false.
            assertThat(again.getOrDefault("recorded", false)).isEqualTo(false);
          }
        }
        case 2, 3 -> {
          // Previews only, or not opened: a delivered message still leads to the order, by its
          // delivery (a preview is no click).
          if (deliveredOnly++ >= 4) {
            continue;
          }
          Map<String, Object> answer = postOrder(url, order, r.number(), "12.50", 200);
          assertThat(answer)
              .containsEntry("attribution", "ATTRIBUTION_DELIVERY")
              .containsEntry("campaignId", campaignId())
              .containsEntry("variant", r.variant())
              .containsEntry("recorded", true);
          e.conversions++;
          e.revenue = e.revenue.add(new BigDecimal("12.50"));
        }
        default -> throw new IllegalStateException();
      }
    }
    // A customer who received nothing: not attributed, counted nowhere.
    String stranger = strangerNumber();
    assertThat(postOrder(url, "CMD-STRANGER", stranger, "80.00", 200))
        .containsEntry("attribution", "ATTRIBUTION_NONE")
        .doesNotContainKey("campaignId");
    // A bad amount is refused and records nothing.
    postOrder(url, "CMD-BAD", all.get(0).number(), "12,50", 400);

    Expected total = total();
    BigDecimal cost = price.multiply(BigDecimal.valueOf(total.parts));
    await(
        "the status to show the orders posted",
        () -> {
          Campaign.Status s = status();
          return s.kpis != null
              && Objects.equals(s.kpis.conversions, total.conversions)
              && s.variants.stream()
                  .allMatch(v ->
                      v.kpis != null
                          && Objects.equals(v.kpis.conversions, expectedOf(v.name).conversions));
        });
    Campaign.Status status = status();
    OUT.printf(
        "ClicksAndConversionsIT: %d conversions, revenue %s EUR, cost %s EUR: status %s%n",
        total.conversions, total.revenue, cost, Serialization.asJson(status.kpis));
    assertThat(status.cost.currency).isEqualTo("EUR");
    assertThat(new BigDecimal(status.cost.amount)).isEqualByComparingTo(cost);
    assertKpis("campaign", status.kpis, total, cost);
    for (Campaign.VariantStatus v : status.variants) {
      Expected e = expectedOf(v.name);
      BigDecimal variantCost = price.multiply(BigDecimal.valueOf(e.parts));
      assertThat(v.cost).hasSize(1);
      assertThat(new BigDecimal(v.cost.get(0).amount)).isEqualByComparingTo(variantCost);
      assertKpis("variant " + v.name, v.kpis, e, variantCost);
    }
    assertThat(firstOrder).isNotNull();
  }

  @Test
  @Order(4)
  void aMessageWithoutALinkStillLeadsToTheOrdersOfItsRecipients() throws Exception {
    // A reminder to the same list, with no link at all: nothing but its delivery can credit it.
    Campaign reminder = Serialization.clone(campaign);
    reminder.getMetadata().setName("winter-reminder");
    reminder.getMetadata().setResourceVersion(null);
    reminder.getMetadata().setUid(null);
    reminder.setStatus(null);
    reminder.getSpec().landingUrl = null;
    reminder.getSpec().variants = null;
    reminder.getSpec().template = "Rappel {{firstName|client}} : -20% jusqu'à dimanche";
    demo.cluster().client().resource(reminder).create();
    await(
        "the reminder to be delivered",
        () -> {
          Campaign.Status s = status("winter-reminder");
          return "Completed".equals(s.phase)
              && s.queued != null
              && s.queued > 0
              && Objects.equals(s.delivered, s.queued);
        });
    // Its recipients who never clicked the sale's link: their orders go to the reminder, the
    // message they were delivered last.
    List<Recipient> reminded = new ArrayList<>();
    List<Recipient> all = new ArrayList<>(recipients.values());
    for (int i = 0; i < all.size(); i++) {
      Recipient r = all.get(i);
      List<String> texts = simulator.reassembledTextsFor(r.number().substring(1));
      if (i % 4 >= 2 && texts.stream().anyMatch(t -> t.startsWith("Rappel "))) {
        reminded.add(r);
      }
    }
    assertThat(reminded).isNotEmpty();
    String url = demo.conversionsUrl();
    String reminderId = campaign.getMetadata().getNamespace() + "/winter-reminder";
    BigDecimal revenue = BigDecimal.ZERO;
    for (Recipient r : reminded) {
      Map<String, Object> answer =
          postOrder(url, "CMD-R-" + r.number().substring(1), r.number(), "30.00", 200);
      assertThat(answer)
          .containsEntry("attribution", "ATTRIBUTION_DELIVERY")
          .containsEntry("campaignId", reminderId)
          .containsEntry("recorded", true);
      revenue = revenue.add(new BigDecimal("30.00"));
    }
    long orders = reminded.size();
    await(
        "the reminder's status to show its orders",
        () -> {
          Campaign.Status s = status("winter-reminder");
          return s.kpis != null && Objects.equals(s.kpis.conversions, orders);
        });
    Campaign.Kpis kpis = status("winter-reminder").kpis;
    OUT.printf(
        "ClicksAndConversionsIT: %d orders credited to a message without a link: %s%n",
        orders, Serialization.asJson(kpis));
    assertThat(kpis.revenue).hasSize(1);
    assertThat(new BigDecimal(kpis.revenue.get(0).amount)).isEqualByComparingTo(revenue);
    // The sale's own figures are unchanged by them.
    assertThat(status().kpis.conversions).isEqualTo(total().conversions);
  }

  private static void assertKpis(String what, Campaign.Kpis kpis, Expected e, BigDecimal cost) {
    assertThat(kpis.conversions).as(what + " conversions").isEqualTo(e.conversions);
    assertThat(kpis.revenue).as(what + " revenue").hasSize(1);
    assertThat(kpis.revenue.get(0).currency).isEqualTo("EUR");
    assertThat(new BigDecimal(kpis.revenue.get(0).amount))
        .as(what + " revenue")
        .isEqualByComparingTo(e.revenue);
    BigDecimal roi = e.revenue.subtract(cost).divide(cost, 4, RoundingMode.HALF_UP);
    assertThat(kpis.roi).as(what + " ROI").isEqualTo(CampaignKpis.percent(roi.doubleValue()));
  }

  private static Expected expectedOf(String variant) {
    return expected.computeIfAbsent(variant, v -> new Expected());
  }

  private static Expected total() {
    Expected total = new Expected();
    for (Expected e : expected.values()) {
      total.clicks += e.clicks;
      total.uniqueClicks += e.uniqueClicks;
      total.botClicks += e.botClicks;
      total.conversions += e.conversions;
      total.revenue = total.revenue.add(e.revenue);
      total.parts += e.parts;
    }
    return total;
  }

  /** One click on a recipient's link: the redirect leads to the landing page. */
  private static void click(Recipient r, String userAgent) throws Exception {
    HttpResponse<Void> response = get(baseUrl + "/" + r.token(), userAgent);
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).contains(LANDING);
    assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
  }

  private static HttpResponse<Void> get(String url, String userAgent) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("User-Agent", userAgent)
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.discarding());
  }

  /** Posts an order as a shop's webhook does (docs/conversions.md); its JSON answer. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> postOrder(
      String url, String orderId, String phone, String amount, int expectedStatus)
      throws IOException, InterruptedException {
    String body =
        Serialization.asJson(
            Map.of("orderId", orderId, "phone", phone, "amount", amount, "currency", "EUR"));
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("order " + orderId + ": " + response.body())
        .isEqualTo(expectedStatus);
    return Serialization.unmarshal(response.body(), Map.class);
  }

  /** A number of the contacts file that received nothing (no consent). */
  private static String strangerNumber() {
    for (long i = 0; ; i++) {
      String number = SyntheticContacts.e164(i);
      if (SyntheticContacts.kindOf(i) == SyntheticContacts.RowKind.NO_CONSENT
          && !recipients.containsKey(number)) {
        return number;
      }
    }
  }

  private static String e164(String destination) {
    return destination.startsWith("+") ? destination : "+" + destination;
  }

  private static String campaignId() {
    return campaign.getMetadata().getNamespace() + "/" + campaign.getMetadata().getName();
  }

  private static Campaign.Status status() {
    return status(campaign.getMetadata().getName());
  }

  private static Campaign.Status status(String name) {
    Campaign c =
        demo.cluster()
            .client()
            .resources(Campaign.class)
            .inNamespace(campaign.getMetadata().getNamespace())
            .withName(name)
            .get();
    return c == null || c.getStatus() == null ? new Campaign.Status() : c.getStatus();
  }

  private static void await(String what, Supplier<Boolean> condition) {
    Instant giveUp = Instant.now().plus(TIMEOUT);
    while (!condition.get()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError(
            "timed out waiting for "
                + what
                + "; status kpis "
                + Serialization.asJson(status().kpis)
                + ", variants "
                + Serialization.asJson(status().variants));
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
