package dev.relais.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.JsonFormat;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.privacy.PersonalData;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.MetricsScrape;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.time.ProtoTime;
import dev.relais.links.LinksTestServer;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.Attribution;
import dev.relais.proto.analytics.v1.CampaignAttribution;
import dev.relais.proto.analytics.v1.CampaignStats;
import dev.relais.proto.analytics.v1.ConversionsServiceGrpc;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.GetCampaignStatsRequest;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.Money;
import dev.relais.proto.analytics.v1.RecordConversionRequest;
import dev.relais.proto.analytics.v1.RecordConversionResponse;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import dev.relais.proto.analytics.v1.SetCampaignAttributionRequest;
import dev.relais.proto.analytics.v1.VariantStats;
import dev.relais.proto.links.v1.LinkRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Conversions end to end over real parts: a links service and an analytics service on the shared
 * Cassandra, links created under the contacts' keyed pseudonyms as the scheduler creates them, a
 * real click on the redirect port, a delivery recorded as dispatch records it, then orders posted
 * over gRPC and HTTP/JSON. Contacts, which lists every marketing message sent to a number, is a
 * fake of its one RPC analytics calls ({@link FakeMarketingContacts}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConversionsIT {

  private static final String SUFFIX =
      UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private static final String ANALYTICS_KEYSPACE = "it_conversions_" + SUFFIX;
  private static final String LINKS_KEYSPACE = "it_conversions_links_" + SUFFIX;
  private static final String SECRET = "conversions-it-privacy-key";
  private static final String CLICKER = "+33612345678";
  private static final String RECIPIENT = "+33698765432";
  private static final String SILENT = "+33611112222";
  private static final String BOTH = "+33622223333";
  private static final String DELIVERED_BOTH = "+33633334444";
  private static final String NO_LINK = "+33644445555";
  private static final String SHARED = "+33655556666";
  private static final String ALONE = "+33666667777";
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private static final FakeMarketingContacts CONTACTS = new FakeMarketingContacts();
  private static LinksTestServer links;
  private static ServiceServer contacts;
  private static AnalyticsServer analytics;
  private static Telemetry client;
  private static AnalyticsServiceGrpc.AnalyticsServiceBlockingStub statsStub;
  private static ConversionsServiceGrpc.ConversionsServiceBlockingStub conversions;

  @BeforeAll
  static void start() {
    links =
        LinksTestServer.start(
            LINKS_KEYSPACE,
            Map.of(
                "links.baseurl", "https://r.example.test",
                "links.fallbackurl", "https://www.example.test",
                "links.clickflush", "PT0.1S"));
    client = Telemetry.create("conversions-it", null, 1.0);
    contacts =
        ServiceServer.builder(ServiceConfig.of("fake-contacts", Map.of()), client)
            .grpc(CONTACTS)
            .start();
    analytics =
        AnalyticsServer.start(
            analyticsConfig(
                Map.of(
                    "links.address",
                    "127.0.0.1:" + links.port(),
                    "privacy.key",
                    SECRET,
                    "contacts.address",
                    "127.0.0.1:" + contacts.port())));
    var channel = GrpcChannels.connect(new HostPort("127.0.0.1", analytics.port()), client);
    statsStub = AnalyticsServiceGrpc.newBlockingStub(channel);
    conversions = ConversionsServiceGrpc.newBlockingStub(channel);
  }

  @AfterAll
  static void stop() {
    if (analytics != null) {
      analytics.close();
    }
    if (contacts != null) {
      contacts.close();
    }
    if (client != null) {
      client.close();
    }
    if (links != null) {
      // The node is shared with other modules' tests: leave nothing behind.
      SharedCassandra.dropQuietly(links.cql(), ANALYTICS_KEYSPACE);
      links.close();
    }
  }

  @Test
  @Order(1) // counts the service's metrics from zero
  void ordersCountOnceAgainstTheMessageClickedOrDeliveredLast() throws Exception {
    String campaign = "shop/spring-" + SUFFIX;
    String clicked = UUID.randomUUID().toString();
    String delivered = UUID.randomUUID().toString();
    String ignored = UUID.randomUUID().toString();
    var created =
        links.create(
            link(campaign, "A", clicked, CLICKER),
            link(campaign, "B", delivered, RECIPIENT),
            link(campaign, "A", ignored, SILENT));
    // The first recipient clicks; the second's message is delivered; the third does nothing.
    long before = links.clicksRecorded();
    click(created.get(0).getToken());
    awaitClicks(before + 1);
    recordDelivered(campaign, "B", delivered);
    recordDelivered(campaign, "A", UUID.randomUUID().toString()); // another contact's message

    RecordConversionResponse byClick = conversions.recordConversion(order("O-1", CLICKER, "49.90"));
    assertThat(byClick)
        .isEqualTo(
            RecordConversionResponse.newBuilder()
                .setOrderId("O-1")
                .setAttribution(Attribution.ATTRIBUTION_CLICK)
                .setCampaignId(campaign)
                .setVariant("A")
                .setMessageId(clicked)
                .setRecorded(true)
                .build());

    // A shop webhook in the national form, retried with another amount: the first one stands.
    HttpResponse<String> byDelivery =
        post(
            "{\"orderId\":\"O-2\",\"phone\":\"06 98 76 54 32\",\"amount\":\"20.05\","
                + "\"currency\":\"EUR\"}");
    assertThat(byDelivery.statusCode()).isEqualTo(200);
    assertThat(byDelivery.headers().firstValue("Content-Type")).hasValue("application/json");
    RecordConversionResponse first = parse(byDelivery.body());
    assertThat(first.getAttribution()).isEqualTo(Attribution.ATTRIBUTION_DELIVERY);
    assertThat(first.getMessageId()).isEqualTo(delivered);
    assertThat(first.getVariant()).isEqualTo("B");
    assertThat(first.getRecorded()).isTrue();
    HttpResponse<String> retried =
        post(
            "{\"orderId\":\"O-2\",\"phone\":\"+33698765432\",\"amount\":\"999.00\","
                + "\"currency\":\"EUR\"}");
    assertThat(retried.statusCode()).isEqualTo(200);
    assertThat(parse(retried.body())).isEqualTo(first.toBuilder().setRecorded(false).build());
    // As docs/conversions.md shows it: the answer says "recorded": false, not by leaving it out.
    assertThat(retried.body()).contains("\"recorded\": false");

    HttpResponse<String> badAmount =
        post(
            "{\"orderId\":\"O-9\",\"phone\":\"+33698765432\",\"amount\":\"12,50\","
                + "\"currency\":\"EUR\"}");
    assertThat(badAmount.statusCode()).isEqualTo(400);
    assertThat(badAmount.body()).contains("\"error\"").contains("amount");
    assertThat(post("{\"orderId\":").statusCode()).isEqualTo(400);

    RecordConversionResponse nothing = conversions.recordConversion(order("O-3", SILENT, "15.00"));
    assertThat(nothing.getAttribution()).isEqualTo(Attribution.ATTRIBUTION_NONE);
    assertThat(nothing.getCampaignId()).isEmpty();
    assertThat(nothing.getRecorded()).isTrue();

    // An order placed before the click has nothing to thank it for.
    RecordConversionResponse beforeTheClick =
        conversions.recordConversion(
            order("O-5", CLICKER, "5.00").toBuilder()
                .setOccurredAt(
                    Timestamp.newBuilder()
                        .setSeconds(Instant.now().minusSeconds(3600).getEpochSecond()))
                .build());
    assertThat(beforeTheClick.getAttribution()).isEqualTo(Attribution.ATTRIBUTION_NONE);

    assertThat(conversions.recordConversion(order("O-4", CLICKER, "0.15")).getVariant())
        .isEqualTo("A");

    assertThatThrownBy(() -> conversions.recordConversion(order("O-6", "not a number", "1")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));

    CampaignStats stats =
        statsStub
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .getCampaignStats(GetCampaignStatsRequest.newBuilder().setCampaignId(campaign).build());
    assertThat(stats.getConversions()).isEqualTo(3);
    assertThat(stats.getRevenueList()).containsExactly(eur("70.10"));
    assertThat(stats.getVariantsList())
        .extracting(
            VariantStats::getVariant, VariantStats::getConversions, VariantStats::getRevenueList)
        .containsExactly(
            tuple("A", 2L, List.of(eur("50.05"))), tuple("B", 1L, List.of(eur("20.05"))));

    // Orders recorded by attribution, each once; the scrape names no number.
    MetricsScrape scrape = MetricsScrape.of(analytics.port());
    assertThat(scrape.value("relais_analytics_conversions_total", Map.of("attribution", "click")))
        .isEqualTo(2);
    assertThat(
            scrape.value("relais_analytics_conversions_total", Map.of("attribution", "delivery")))
        .isEqualTo(1);
    assertThat(scrape.value("relais_analytics_conversions_total", Map.of("attribution", "none")))
        .isEqualTo(2);
    scrape.assertNoPersonalData();
  }

  @Test
  @Order(2)
  void eachMessageCountsWithinItsOwnCampaignsWindows() throws Exception {
    String flash = "shop/flash-" + SUFFIX;
    String spring = "shop/spring-long-" + SUFFIX;
    CampaignAttribution set =
        conversions.setCampaignAttribution(
            SetCampaignAttributionRequest.newBuilder()
                .setCampaignId(flash)
                .setClickWindow(hours(1))
                .setDeliveryWindow(hours(1))
                .build());
    assertThat(set.getClickWindow()).isEqualTo(hours(1));
    // The spring campaign sets only its click window: its delivery window is the default day.
    assertThat(
            conversions
                .setCampaignAttribution(
                    SetCampaignAttributionRequest.newBuilder()
                        .setCampaignId(spring)
                        .setClickWindow(hours(24 * 7))
                        .build())
                .getDeliveryWindow())
        .isEqualTo(hours(24));
    assertThatThrownBy(() ->
            conversions.setCampaignAttribution(
                SetCampaignAttributionRequest.newBuilder()
                    .setCampaignId(spring)
                    .setClickWindow(hours(24 * 40))
                    .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription()).contains("click_window");
            });

    // One customer clicks a spring message, then a flash message; another is delivered one of each.
    String springClicked = UUID.randomUUID().toString();
    String flashClicked = UUID.randomUUID().toString();
    String springDelivered = UUID.randomUUID().toString();
    String flashDelivered = UUID.randomUUID().toString();
    var created =
        links.create(
            link(spring, "", springClicked, BOTH),
            link(flash, "", flashClicked, BOTH),
            link(spring, "", springDelivered, DELIVERED_BOTH),
            link(flash, "", flashDelivered, DELIVERED_BOTH));
    long before = links.clicksRecorded();
    click(created.get(0).getToken());
    awaitClicks(before + 1);
    click(created.get(1).getToken());
    awaitClicks(before + 2);
    recordDelivered(spring, "", springDelivered);
    recordDelivered(flash, "", flashDelivered);
    Instant now = Instant.now();

    // Half an hour later the flash click is the last one within its own hour.
    assertThat(conversions.recordConversion(orderAt("W-1", BOTH, now.plusSeconds(1800))))
        .extracting(
            RecordConversionResponse::getAttribution, RecordConversionResponse::getCampaignId)
        .containsExactly(Attribution.ATTRIBUTION_CLICK, flash);
    // Two hours later it is out of its hour: the spring click, older but in its week, gets it.
    assertThat(conversions.recordConversion(orderAt("W-2", BOTH, now.plusSeconds(7200))))
        .extracting(
            RecordConversionResponse::getAttribution, RecordConversionResponse::getMessageId)
        .containsExactly(Attribution.ATTRIBUTION_CLICK, springClicked);
    // Eight days later no click is in its window, and no delivery either.
    assertThat(
            conversions
                .recordConversion(orderAt("W-3", BOTH, now.plusSeconds(8 * 86_400)))
                .getAttribution())
        .isEqualTo(Attribution.ATTRIBUTION_NONE);
    // Deliveries: within the flash hour the flash message (delivered last) gets it; three hours
    // later only the spring message's default day still holds.
    assertThat(conversions.recordConversion(orderAt("W-4", DELIVERED_BOTH, now.plusSeconds(600))))
        .extracting(
            RecordConversionResponse::getAttribution, RecordConversionResponse::getMessageId)
        .containsExactly(Attribution.ATTRIBUTION_DELIVERY, flashDelivered);
    assertThat(
            conversions.recordConversion(orderAt("W-5", DELIVERED_BOTH, now.plusSeconds(3 * 3600))))
        .extracting(
            RecordConversionResponse::getAttribution, RecordConversionResponse::getMessageId)
        .containsExactly(Attribution.ATTRIBUTION_DELIVERY, springDelivered);

    assertThat(
            statsStub
                .getCampaignStats(GetCampaignStatsRequest.newBuilder().setCampaignId(flash).build())
                .getConversions())
        .isEqualTo(2);
  }

  @Test
  @Order(3)
  void aMessageWithoutALinkIsCreditedByItsDeliveryAndAMessageBothSourcesKnowCountsOnce()
      throws Exception {
    // A plain marketing message, no link: only contacts knows it was sent to the customer.
    String plain = "shop/plain-" + SUFFIX;
    String plainMessage = UUID.randomUUID().toString();
    CONTACTS.sent(NO_LINK, plain, "B", plainMessage);
    recordDelivered(plain, "B", plainMessage);

    // In the national form, as a shop writes it: contacts is asked with the E.164 number.
    HttpResponse<String> answer =
        post(
            "{\"orderId\":\"P-1\",\"phone\":\"06 44 44 55 55\",\"amount\":\"30.00\","
                + "\"currency\":\"EUR\"}");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(parse(answer.body()))
        .isEqualTo(
            RecordConversionResponse.newBuilder()
                .setOrderId("P-1")
                .setAttribution(Attribution.ATTRIBUTION_DELIVERY)
                .setCampaignId(plain)
                .setVariant("B")
                .setMessageId(plainMessage)
                .setRecorded(true)
                .build());

    // A message with a link: the links service and contacts both know it.
    String shared = "shop/shared-" + SUFFIX;
    String sharedMessage = UUID.randomUUID().toString();
    var created = links.create(link(shared, "A", sharedMessage, SHARED));
    CONTACTS.sent(SHARED, shared, "A", sharedMessage);
    recordDelivered(shared, "A", sharedMessage);

    assertThat(conversions.recordConversion(order("P-2", SHARED, "12.00")))
        .extracting(
            RecordConversionResponse::getAttribution,
            RecordConversionResponse::getMessageId,
            RecordConversionResponse::getVariant)
        .containsExactly(Attribution.ATTRIBUTION_DELIVERY, sharedMessage, "A");
    // Once clicked, the click the links service knows is the message's, whoever else knows it.
    long before = links.clicksRecorded();
    click(created.get(0).getToken());
    awaitClicks(before + 1);
    assertThat(conversions.recordConversion(order("P-3", SHARED, "8.00")))
        .extracting(
            RecordConversionResponse::getAttribution, RecordConversionResponse::getMessageId)
        .containsExactly(Attribution.ATTRIBUTION_CLICK, sharedMessage);

    assertThat(stats(plain).getConversions()).isEqualTo(1);
    assertThat(stats(plain).getVariantsList())
        .extracting(VariantStats::getVariant, VariantStats::getConversions)
        .containsExactly(tuple("B", 1L));
    CampaignStats both = stats(shared);
    assertThat(both.getConversions()).isEqualTo(2);
    assertThat(both.getRevenueList()).containsExactly(eur("20.00"));
    assertThat(both.getVariantsList())
        .extracting(VariantStats::getVariant, VariantStats::getConversions)
        .containsExactly(tuple("A", 2L));
  }

  @Test
  @Order(4)
  void anOrderContactsCannotBeAskedAboutIsRefusedForNowAndRecordedWhenRetried() throws Exception {
    String plain = "shop/retried-" + SUFFIX;
    String message = UUID.randomUUID().toString();
    CONTACTS.sent(NO_LINK, plain, "", message);
    recordDelivered(plain, "", message);
    CONTACTS.failure = Status.UNAVAILABLE.withDescription("contacts store unavailable");
    try {
      assertThatThrownBy(() -> conversions.recordConversion(order("R-1", NO_LINK, "5.00")))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(
              post("{\"orderId\":\"R-1\",\"phone\":\"+33644445555\",\"amount\":\"5.00\","
                      + "\"currency\":\"EUR\"}")
                  .statusCode())
          .isEqualTo(503);
    } finally {
      CONTACTS.failure = null;
    }

    RecordConversionResponse retried = conversions.recordConversion(order("R-1", NO_LINK, "5.00"));
    assertThat(retried.getRecorded()).isTrue();
    assertThat(retried.getMessageId()).isEqualTo(message);
  }

  @Test
  @Order(5)
  void withoutLinksTheIngestRunsOnContactsAlone() {
    // Links without the privacy key cannot find a contact's messages: analytics refuses to start.
    assertThatThrownBy(() ->
            AnalyticsServer.start(
                analyticsConfig(Map.of("links.address", "127.0.0.1:" + links.port()))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("privacy.key");

    String campaign = "shop/no-links-" + SUFFIX;
    String message = UUID.randomUUID().toString();
    CONTACTS.sent(ALONE, campaign, "A", message);
    recordDelivered(campaign, "A", message);
    try (AnalyticsServer withoutLinks =
            AnalyticsServer.start(
                analyticsConfig(Map.of("contacts.address", "127.0.0.1:" + contacts.port())));
        Telemetry caller = Telemetry.create("conversions-it-no-links", null, 1.0)) {
      ConversionsServiceGrpc.ConversionsServiceBlockingStub ingest =
          ConversionsServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", withoutLinks.port()), caller));

      assertThat(ingest.recordConversion(order("L-1", ALONE, "19.99")))
          .isEqualTo(
              RecordConversionResponse.newBuilder()
                  .setOrderId("L-1")
                  .setAttribution(Attribution.ATTRIBUTION_DELIVERY)
                  .setCampaignId(campaign)
                  .setVariant("A")
                  .setMessageId(message)
                  .setRecorded(true)
                  .build());
      // Without links no click is known: the clicker of the first test is only a stranger here.
      assertThat(ingest.recordConversion(order("L-2", CLICKER, "1.00")).getAttribution())
          .isEqualTo(Attribution.ATTRIBUTION_NONE);
    }
  }

  private static ServiceConfig analyticsConfig(Map<String, String> conversions) {
    Map<String, String> values = new HashMap<>(conversions);
    values.put("cassandra.hosts", SharedCassandra.contactPoint());
    values.put("cassandra.datacenter", SharedCassandra.localDatacenter());
    values.put("cassandra.keyspace", ANALYTICS_KEYSPACE);
    values.put("server.port", "0");
    return ServiceConfig.of("analytics", values);
  }

  private static CampaignStats stats(String campaign) {
    return statsStub
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .getCampaignStats(GetCampaignStatsRequest.newBuilder().setCampaignId(campaign).build());
  }

  private static com.google.protobuf.Duration hours(long hours) {
    return com.google.protobuf.Duration.newBuilder().setSeconds(hours * 3600).build();
  }

  private static RecordConversionRequest orderAt(String id, String phone, Instant at) {
    return order(id, phone, "10.00").toBuilder().setOccurredAt(ProtoTime.timestamp(at)).build();
  }

  private static void click(String token) throws Exception {
    assertThat(links.open(token, LinksTestServer.IPHONE).statusCode()).isEqualTo(302);
  }

  private static LinkRequest link(String campaign, String variant, String message, String phone) {
    return LinkRequest.newBuilder()
        .setCampaignId(campaign)
        .setVariant(variant)
        .setMessageId(message)
        .setContactKey(PersonalData.contactKey(phone, PrivacyKey.of(SECRET)))
        .setTargetUrl("https://www.example.test/soldes")
        .build();
  }

  private static void recordDelivered(String campaign, String variant, String message) {
    Instant now = Instant.now();
    statsStub
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .recordEvents(
            RecordEventsRequest.newBuilder()
                .setBatchId(UUID.randomUUID().toString())
                .addEvents(
                    MessageEvent.newBuilder()
                        .setCampaignId(campaign)
                        .setMessageId(message)
                        .setVariant(variant)
                        .setType(EventType.EVENT_TYPE_DELIVERED)
                        .setOccurredAt(ProtoTime.timestamp(now)))
                .build());
  }

  private static RecordConversionRequest order(String id, String phone, String amount) {
    return RecordConversionRequest.newBuilder()
        .setOrderId(id)
        .setPhone(phone)
        .setAmount(amount)
        .setCurrency("EUR")
        .build();
  }

  private static HttpResponse<String> post(String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + analytics.port() + ConversionsHttp.PATH))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static RecordConversionResponse parse(String json) throws Exception {
    RecordConversionResponse.Builder answer = RecordConversionResponse.newBuilder();
    JsonFormat.parser().merge(json, answer);
    return answer.build();
  }

  private static Money eur(String amount) {
    return Money.newBuilder().setCurrency("EUR").setAmount(amount).build();
  }

  private static void awaitClicks(long clicks) throws InterruptedException {
    links.awaitAtLeast(clicks, Duration.ofSeconds(30));
  }
}
