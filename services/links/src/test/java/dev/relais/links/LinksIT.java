package dev.relais.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import com.google.protobuf.Timestamp;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.proto.links.v1.ClickCounts;
import dev.relais.proto.links.v1.ContactMessage;
import dev.relais.proto.links.v1.CreateLinksRequest;
import dev.relais.proto.links.v1.CreatedLink;
import dev.relais.proto.links.v1.EraseContactLinksRequest;
import dev.relais.proto.links.v1.ExportContactLinksRequest;
import dev.relais.proto.links.v1.ExportedLink;
import dev.relais.proto.links.v1.GetLinkStatsRequest;
import dev.relais.proto.links.v1.LinkRequest;
import dev.relais.proto.links.v1.LinkStats;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import dev.relais.proto.links.v1.LinksServiceGrpc.LinksServiceBlockingStub;
import dev.relais.proto.links.v1.ListContactMessagesRequest;
import dev.relais.proto.links.v1.MessageRef;
import dev.relais.proto.links.v1.VariantLinkStats;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The links service against a real Cassandra: links created over gRPC on loopback, clicked over
 * real HTTP on loopback with the user agents of browsers and of preview fetchers.
 */
class LinksIT {

  private static final String KEYSPACE =
      "it_links_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final String BASE = "https://r.example.test";
  private static final String FALLBACK = "https://www.example.test/offres";

  private static final String IPHONE = LinksTestServer.IPHONE;
  private static final String WHATSAPP = "WhatsApp/2.23.20.0 A";
  private static final String FACEBOOK =
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)";
  private static final String SLACK = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";
  private static final String TWITTER = "Twitterbot/1.0";

  private static LinksTestServer linksServer;
  private static LinksServer server;
  private static LinksServiceBlockingStub links;
  private static CqlSession cql;
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    linksServer =
        LinksTestServer.start(
            KEYSPACE,
            Map.of(
                "links.baseurl",
                BASE + "/",
                "links.fallbackurl",
                FALLBACK,
                "links.clickflush",
                "PT0.1S"));
    server = linksServer.server();
    links = linksServer.api();
    cql = linksServer.cql();
  }

  @AfterAll
  static void stop() {
    if (linksServer != null) {
      linksServer.close();
    }
  }

  @Test
  void clicksAreCountedPerVariantWithPreviewFetchersApart() throws Exception {
    String campaign = "shop/spring-" + UUID.randomUUID();
    List<CreatedLink> created =
        create(
            link(campaign, "a", "contact-1", "https://www.example.test/soldes?v=a"),
            link(campaign, "b", "contact-2", "https://www.example.test/soldes?v=b"),
            link(campaign, "a", "contact-3", "https://www.example.test/soldes?v=a3"));
    assertThat(created).hasSize(3);
    for (CreatedLink link : created) {
      assertThat(link.getToken()).matches("[0-9A-Za-z]{12}");
      assertThat(link.getUrl()).isEqualTo(BASE + "/" + link.getToken());
    }
    String a1 = created.get(0).getToken();
    String b2 = created.get(1).getToken();
    String a3 = created.get(2).getToken();
    long before = server.clicksRecorded();

    // The recipient of a1 clicks, the click is written, then clicks again: one unique click.
    assertRedirect(get(a1, IPHONE), "https://www.example.test/soldes?v=a");
    awaitRecorded(before + 1);
    assertRedirect(get(a1, IPHONE), "https://www.example.test/soldes?v=a");
    // Shared in chats: the previews fetch the link, and a checker probes it with HEAD.
    assertRedirect(get(a1, WHATSAPP), "https://www.example.test/soldes?v=a");
    assertRedirect(get(a1, FACEBOOK), "https://www.example.test/soldes?v=a");
    assertRedirect(send(a1, "HEAD", IPHONE), "https://www.example.test/soldes?v=a");
    assertRedirect(get(b2, SLACK), "https://www.example.test/soldes?v=b");
    assertRedirect(get(b2, IPHONE), "https://www.example.test/soldes?v=b");
    assertRedirect(get(a3, TWITTER), "https://www.example.test/soldes?v=a3");
    awaitRecorded(before + 8);

    LinkStats stats = links.getLinkStats(stats(campaign));
    assertThat(stats.getCampaignId()).isEqualTo(campaign);
    assertThat(stats.getTotal()).isEqualTo(counts(3, 2, 5));
    assertThat(stats.getVariantsList())
        .containsExactly(
            VariantLinkStats.newBuilder().setVariant("a").setCounts(counts(2, 1, 4)).build(),
            VariantLinkStats.newBuilder().setVariant("b").setCounts(counts(1, 1, 1)).build());
  }

  @Test
  void unknownAndMalformedTokensNeverShowAnErrorPage() throws Exception {
    HttpResponse<String> unknown = get("ZZZZZZZZZZZZ", IPHONE);
    assertRedirect(unknown, FALLBACK);
    // A token cut short or mistyped by the recipient lands on the fallback too.
    assertRedirect(get("4fJq9ZkT0bW", IPHONE), FALLBACK);
    assertRedirect(get("favicon.ico", IPHONE), FALLBACK);
    HttpResponse<String> other = get("a/b", IPHONE);
    assertThat(other.statusCode()).isEqualTo(404);
    assertThat(other.body()).isEqualTo(RedirectHandler.NOT_FOUND);
    HttpResponse<String> root = get("", IPHONE);
    assertThat(root.statusCode()).isEqualTo(404);
    assertThat(root.body()).isEqualTo(RedirectHandler.NOT_FOUND);
  }

  @Test
  void anExpiredLinkLeadsToTheFallbackAndIsNotCounted() throws Exception {
    String campaign = "shop/expired-" + UUID.randomUUID();
    String token =
        create(link(campaign, "", "contact-9", "https://www.example.test/old")).get(0).getToken();
    assertRedirect(get(token, IPHONE), "https://www.example.test/old");

    // The same link seen 91 days later: its row is still there, its lifetime is over.
    Map<String, String> later = new HashMap<>(linksServer.settings());
    later.put("clock.offset", "P91D");
    try (LinksServer laterServer = LinksServer.start(ServiceConfig.of("links", later))) {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + laterServer.redirectPort() + "/" + token))
                  .header("User-Agent", IPHONE)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertRedirect(response, FALLBACK);
      assertThat(laterServer.clicksRecorded()).isZero();
    }
  }

  @Test
  void aLinkWhoseLifetimeEndedIsGoneFromTheStore() throws Exception {
    Map<String, String> shortLived = new HashMap<>(linksServer.settings());
    shortLived.put("links.lifetime", "PT1S");
    try (LinksServer shortServer = LinksServer.start(ServiceConfig.of("links", shortLived));
        Telemetry telemetry = Telemetry.create(ServiceConfig.of("links-it-short", Map.of()))) {
      LinksServiceBlockingStub client =
          LinksServiceGrpc.newBlockingStub(
              GrpcChannels.connect(new HostPort("127.0.0.1", shortServer.port()), telemetry));
      String token =
          client
              .createLinks(
                  CreateLinksRequest.newBuilder()
                      .addLinks(link("shop/short", "", "contact-8", "https://x.example.test"))
                      .build())
              .getLinks(0)
              .getToken();
      String stored = "SELECT link FROM link_pages WHERE page = ? AND link = ?";
      assertThat(cql.execute(stored, token.substring(0, 4), token.substring(4)).one()).isNotNull();
      Thread.sleep(1_500);
      assertThat(cql.execute(stored, token.substring(0, 4), token.substring(4)).one()).isNull();
      assertRedirect(get(token, IPHONE), FALLBACK);
    }
  }

  @Test
  void erasingAContactRemovesItsLinksAndExportShowsWhatIsHeld() throws Exception {
    String campaign = "shop/gdpr-" + UUID.randomUUID();
    String erased = "contact-" + UUID.randomUUID();
    String kept = "contact-" + UUID.randomUUID();
    List<CreatedLink> created =
        create(
            link(campaign, "", erased, "https://www.example.test/e1"),
            link(campaign, "", erased, "https://www.example.test/e2"),
            link(campaign, "", kept, "https://www.example.test/k"));
    long before = server.clicksRecorded();
    assertRedirect(get(created.get(2).getToken(), IPHONE), "https://www.example.test/k");
    // Cached by this click, which the erasure must also forget.
    assertRedirect(get(created.get(0).getToken(), IPHONE), "https://www.example.test/e1");
    awaitRecorded(before + 2);

    assertThat(
            links
                .exportContactLinks(
                    ExportContactLinksRequest.newBuilder().setContactKey(erased).build())
                .getLinksList())
        .extracting(ExportedLink::getTargetUrl)
        .containsExactlyInAnyOrder("https://www.example.test/e1", "https://www.example.test/e2");

    assertThat(
            links
                .eraseContactLinks(
                    EraseContactLinksRequest.newBuilder().addContactKeys(erased).build())
                .getErased())
        .isEqualTo(2);
    assertRedirect(get(created.get(0).getToken(), IPHONE), FALLBACK);
    assertRedirect(get(created.get(1).getToken(), IPHONE), FALLBACK);
    assertThat(
            links
                .exportContactLinks(
                    ExportContactLinksRequest.newBuilder().setContactKey(erased).build())
                .getLinksList())
        .isEmpty();
    // Idempotent: nothing left to erase.
    assertThat(
            links
                .eraseContactLinks(
                    EraseContactLinksRequest.newBuilder().addContactKeys(erased).build())
                .getErased())
        .isZero();

    List<ExportedLink> keptLinks =
        links
            .exportContactLinks(ExportContactLinksRequest.newBuilder().setContactKey(kept).build())
            .getLinksList();
    assertThat(keptLinks).hasSize(1);
    assertThat(keptLinks.get(0).getCampaignId()).isEqualTo(campaign);
    assertThat(keptLinks.get(0).hasFirstClickedAt()).isTrue();
    assertRedirect(get(created.get(2).getToken(), IPHONE), "https://www.example.test/k");
  }

  @Test
  void aPagesLinksAreOnePartitionFoundErasedAndExportedByTheirMessages() throws Exception {
    String campaign = "shop/page-" + UUID.randomUUID();
    Instant composed = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    String erased = pageMessageId(composed);
    String kept = pageMessageId(composed);
    long filed = StoredCells.rows(cql, KEYSPACE, "links_by_contact");
    // A marketing page: no contact key, contacts records each message and names it.
    List<CreatedLink> created =
        create(
            link(campaign, "", "", "https://www.example.test/e1", erased),
            link(campaign, "", "", "https://www.example.test/e2", erased),
            link(campaign, "", "", "https://www.example.test/k", kept));
    String page = created.get(0).getToken().substring(0, 4);
    assertThat(created).allSatisfy(link -> assertThat(link.getToken()).startsWith(page));
    assertThat(cql.execute("SELECT count(*) FROM link_pages WHERE page = ?", page).one().getLong(0))
        .isEqualTo(3);
    assertThat(StoredCells.rows(cql, KEYSPACE, "links_by_contact"))
        .as("nothing filed under a contact")
        .isEqualTo(filed);
    long before = server.clicksRecorded();
    assertRedirect(get(created.get(0).getToken(), IPHONE), "https://www.example.test/e1");
    assertRedirect(get(created.get(2).getToken(), IPHONE), "https://www.example.test/k");
    awaitRecorded(before + 2);

    MessageRef erasedRef = message(campaign, erased);
    // Another campaign's message of the same id and time has no link here.
    MessageRef elsewhere = message("shop/other-" + UUID.randomUUID(), erased);
    List<ExportedLink> exported =
        links
            .exportContactLinks(
                ExportContactLinksRequest.newBuilder()
                    .setContactKey("contact-" + UUID.randomUUID())
                    .addMessages(erasedRef)
                    .addMessages(elsewhere)
                    .build())
            .getLinksList();
    assertThat(exported)
        .extracting(ExportedLink::getTargetUrl, ExportedLink::getMessageId)
        .containsExactlyInAnyOrder(
            tuple("https://www.example.test/e1", erased),
            tuple("https://www.example.test/e2", erased));
    assertThat(exported)
        .filteredOn(l -> l.getTargetUrl().endsWith("/e1"))
        .allSatisfy(l -> assertThat(l.hasFirstClickedAt()).isTrue());

    assertThat(
            links
                .listContactMessages(
                    ListContactMessagesRequest.newBuilder()
                        .setContactKey("contact-" + UUID.randomUUID())
                        .addMessages(erasedRef)
                        .addMessages(message(campaign, kept))
                        .build())
                .getMessagesList())
        .extracting(ContactMessage::getMessageId, ContactMessage::hasLastClickedAt)
        .containsExactlyInAnyOrder(tuple(erased, true), tuple(kept, true));

    EraseContactLinksRequest erase =
        EraseContactLinksRequest.newBuilder().addMessages(erasedRef).addMessages(elsewhere).build();
    assertThat(links.eraseContactLinks(erase).getErased()).isEqualTo(2);
    assertRedirect(get(created.get(0).getToken(), IPHONE), FALLBACK);
    assertRedirect(get(created.get(1).getToken(), IPHONE), FALLBACK);
    assertThat(links.eraseContactLinks(erase).getErased()).isZero();
    assertRedirect(get(created.get(2).getToken(), IPHONE), "https://www.example.test/k");
    assertThat(cql.execute("SELECT count(*) FROM link_pages WHERE page = ?", page).one().getLong(0))
        .isEqualTo(1);

    assertThatThrownBy(() ->
            links.eraseContactLinks(
                EraseContactLinksRequest.newBuilder()
                    .addMessages(MessageRef.newBuilder().setCampaignId(campaign))
                    .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void aLinkStoredBeforePagesStillRedirectsCountsAndIsErased() throws Exception {
    // A row as the links service wrote them before it stored links by page, one per token.
    String campaign = "shop/legacy-" + UUID.randomUUID();
    String contact = "contact-" + UUID.randomUUID();
    String token = "L" + UUID.randomUUID().toString().replace("-", "").substring(0, 11);
    Instant created = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    cql.execute(
        "INSERT INTO links (link_token, campaign_id, variant, message_id, contact_key, target_url,"
            + " created_at, expires_at) VALUES (?, ?, '', 'm-old', ?, ?, ?, ?) USING TTL 3600",
        token,
        campaign,
        contact,
        "https://www.example.test/old-row",
        created,
        created.plusSeconds(3600));
    cql.execute(
        "INSERT INTO links_by_contact (contact_key, link_token) VALUES (?, ?) USING TTL 3600",
        contact,
        token);

    long before = server.clicksRecorded();
    assertRedirect(get(token, IPHONE), "https://www.example.test/old-row");
    awaitRecorded(before + 1);
    assertThat(links.getLinkStats(stats(campaign)).getTotal()).isEqualTo(counts(1, 1, 0));
    assertThat(
            links
                .listContactMessages(
                    ListContactMessagesRequest.newBuilder().setContactKey(contact).build())
                .getMessagesList())
        .extracting(ContactMessage::getMessageId, ContactMessage::hasLastClickedAt)
        .containsExactly(tuple("m-old", true));
    assertThat(
            links
                .exportContactLinks(
                    ExportContactLinksRequest.newBuilder().setContactKey(contact).build())
                .getLinksList())
        .extracting(ExportedLink::getToken)
        .containsExactly(token);

    assertThat(
            links
                .eraseContactLinks(
                    EraseContactLinksRequest.newBuilder().addContactKeys(contact).build())
                .getErased())
        .isEqualTo(1);
    assertRedirect(get(token, IPHONE), FALLBACK);
    assertThat(cql.execute("SELECT link_token FROM links WHERE link_token = ?", token).one())
        .isNull();
  }

  @Test
  void aContactsMessagesListTheLastHumanClickOfEach() throws Exception {
    String campaign = "shop/last-click-" + UUID.randomUUID();
    String contact = "contact-" + UUID.randomUUID();
    List<CreatedLink> created =
        create(
            link(campaign, "a", contact, "https://www.example.test/a", "m-1"),
            link(campaign, "a", contact, "https://www.example.test/a-more", "m-1"),
            link(campaign, "b", contact, "https://www.example.test/b", "m-2"));
    long before = server.clicksRecorded();
    assertRedirect(get(created.get(0).getToken(), IPHONE), "https://www.example.test/a");
    awaitRecorded(before + 1);
    Instant firstClick = Instant.now();
    // The second link of the same message, clicked later; and a preview of m-2, not a human.
    assertRedirect(get(created.get(1).getToken(), IPHONE), "https://www.example.test/a-more");
    assertRedirect(get(created.get(2).getToken(), SLACK), "https://www.example.test/b");
    awaitRecorded(before + 3);

    List<ContactMessage> messages =
        links
            .listContactMessages(
                ListContactMessagesRequest.newBuilder().setContactKey(contact).build())
            .getMessagesList();
    assertThat(messages)
        .extracting(ContactMessage::getMessageId, ContactMessage::getVariant)
        .containsExactlyInAnyOrder(tuple("m-1", "a"), tuple("m-2", "b"));
    ContactMessage clicked =
        messages.stream().filter(m -> m.getMessageId().equals("m-1")).findFirst().orElseThrow();
    assertThat(clicked.hasLastClickedAt()).isTrue();
    assertThat(clicked.getLastClickedAt().getSeconds())
        .isGreaterThanOrEqualTo(firstClick.getEpochSecond());
    assertThat(messages.stream().filter(m -> m.getMessageId().equals("m-2")).findFirst())
        .hasValueSatisfying(m -> assertThat(m.hasLastClickedAt()).isFalse());

    // Messages created before `since` are left out.
    assertThat(
            links
                .listContactMessages(
                    ListContactMessagesRequest.newBuilder()
                        .setContactKey(contact)
                        .setSince(
                            Timestamp.newBuilder()
                                .setSeconds(Instant.now().plusSeconds(60).getEpochSecond()))
                        .build())
                .getMessagesList())
        .isEmpty();
  }

  @Test
  void noClientAddressIsStoredOrLogged() throws Exception {
    String campaign = "shop/address-" + UUID.randomUUID();
    String token =
        create(link(campaign, "", "contact-" + UUID.randomUUID(), "https://www.example.test/ip"))
            .get(0)
            .getToken();
    String proxied = "203.0.113.77";
    List<LogRecord> logged = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger service = Logger.getLogger("dev.relais.links");
    Level level = service.getLevel();
    service.setLevel(Level.ALL);
    Logger.getLogger("").addHandler(handler);
    try {
      long before = server.clicksRecorded();
      // The address reaches the service as the connection's (loopback) and, behind an ingress, in
      // the forwarding headers: a human click, a preview's, and a mistyped token.
      for (String agent : List.of(IPHONE, WHATSAPP)) {
        assertRedirect(proxiedGet(token, agent, proxied), "https://www.example.test/ip");
      }
      assertRedirect(proxiedGet("ZZZZZZZZZZZZ", IPHONE, proxied), FALLBACK);
      awaitRecorded(before + 2);
    } finally {
      Logger.getLogger("").removeHandler(handler);
      service.setLevel(level);
    }

    for (String address : List.of(proxied, "127.0.0.1")) {
      assertThat(StoredCells.containing(cql, KEYSPACE, address)).as(address).isEmpty();
      assertThat(StoredCells.containing(cql, KEYSPACE, InetAddress.getByName(address).getAddress()))
          .as(address + " as bytes")
          .isEmpty();
      assertThat(logged)
          .extracting(record -> new SimpleFormatter().format(record))
          .noneMatch(line -> line.contains(address));
    }
    assertThat(links.getLinkStats(stats(campaign)).getTotal()).isEqualTo(counts(1, 1, 1));
  }

  @Test
  void aBadLinkRefusesTheWholeBatch() {
    String campaign = "shop/bad-" + UUID.randomUUID();
    assertThatThrownBy(() ->
            create(
                link(campaign, "", "contact-1", "https://www.example.test/ok"),
                link(campaign, "", "+33612345678", "https://www.example.test/ok")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .contains("link 1: contact_key is a phone number");
            });
    assertThat(
            cql.execute("SELECT count(*) FROM links_by_contact WHERE contact_key = 'contact-1'")
                .one()
                .getLong(0))
        .isZero();
  }

  private static LinkRequest link(
      String campaign, String variant, String contact, String url, String messageId) {
    return link(campaign, variant, contact, url).toBuilder().setMessageId(messageId).build();
  }

  private static LinkRequest link(String campaign, String variant, String contact, String url) {
    return LinkRequest.newBuilder()
        .setCampaignId(campaign)
        .setVariant(variant)
        .setMessageId(UUID.randomUUID().toString())
        .setContactKey(contact)
        .setTargetUrl(url)
        .build();
  }

  private static MessageRef message(String campaign, String messageId) {
    return MessageRef.newBuilder().setCampaignId(campaign).setMessageId(messageId).build();
  }

  /** A message id as the scheduler names the messages of a page composed at {@code composed}. */
  private static String pageMessageId(Instant composed) {
    long msb = Uuids.startOf(composed.toEpochMilli()).getMostSignificantBits();
    long lsb =
        (UUID.randomUUID().getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL) | Long.MIN_VALUE;
    return new UUID(msb, lsb).toString();
  }

  private static List<CreatedLink> create(LinkRequest... requests) {
    return linksServer.create(requests);
  }

  private static GetLinkStatsRequest stats(String campaign) {
    return GetLinkStatsRequest.newBuilder().setCampaignId(campaign).build();
  }

  private static ClickCounts counts(long clicks, long unique, long bots) {
    return ClickCounts.newBuilder()
        .setClicks(clicks)
        .setUniqueClicks(unique)
        .setBotClicks(bots)
        .build();
  }

  private static HttpResponse<String> get(String path, String userAgent) throws Exception {
    return send(path, "GET", userAgent);
  }

  /** A GET as it arrives through an ingress, with the client's address in forwarding headers. */
  private static HttpResponse<String> proxiedGet(String path, String userAgent, String address)
      throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.redirectPort() + "/" + path))
            .header("User-Agent", userAgent)
            .header("X-Forwarded-For", address + ", 10.0.0.12")
            .header("X-Real-IP", address)
            .header("Forwarded", "for=" + address + ";proto=https")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> send(String path, String method, String userAgent)
      throws Exception {
    return linksServer.send(path, method, userAgent);
  }

  private static void assertRedirect(HttpResponse<String> response, String location) {
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).hasValue(location);
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  private static void awaitRecorded(long clicks) throws InterruptedException {
    linksServer.awaitRecorded(clicks);
  }
}
