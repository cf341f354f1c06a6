package dev.relais.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.datastax.oss.driver.api.core.CqlSession;
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
      Thread.sleep(1_500);
      assertThat(cql.execute("SELECT link_token FROM links WHERE link_token = ?", token).one())
          .isNull();
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
