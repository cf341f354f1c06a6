package dev.relais.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.privacy.PersonalData;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.links.LinksServer;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.EraseContactRequest;
import dev.relais.proto.contacts.v1.EraseContactResponse;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.TrackedLink;
import dev.relais.proto.links.v1.CreateLinksRequest;
import dev.relais.proto.links.v1.CreatedLink;
import dev.relais.proto.links.v1.LinkRequest;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EraseContact and ExportContact reach the tracked links of a number's messages in a real links
 * service over gRPC on loopback, filed as the scheduler files them (under {@link
 * PersonalData#contactKey} of the number); a links service that does not answer fails both rather
 * than leaving the links out.
 */
class ContactLinksIT {

  private static final String PRIVACY_KEY = "it-privacy-key";
  private static final String PHONE = "+33625400001";
  private static final String OTHER = "+33625400002";
  private static final String FALLBACK = "https://www.example.test/expired";
  private static final String BROWSER =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
  private static final String LINKS_KEYSPACE =
      "it_links_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private static LinksServer links;
  private static Telemetry telemetry;
  private static LinksServiceGrpc.LinksServiceBlockingStub linksApi;
  private static ContactsHarness harness;

  @BeforeAll
  static void start() {
    links =
        LinksServer.start(
            ServiceConfig.of(
                "links",
                Map.of(
                    "cassandra.hosts",
                    SharedCassandra.contactPoint(),
                    "cassandra.datacenter",
                    SharedCassandra.localDatacenter(),
                    "cassandra.keyspace",
                    LINKS_KEYSPACE,
                    "server.port",
                    "0",
                    "links.port",
                    "0",
                    "links.baseurl",
                    "https://r.example.test",
                    "links.fallbackurl",
                    FALLBACK,
                    "links.clickflush",
                    "PT0.1S")));
    telemetry = Telemetry.create("links-client", null, 1.0);
    linksApi =
        LinksServiceGrpc.newBlockingStub(
            GrpcChannels.connect(new HostPort("127.0.0.1", links.port()), telemetry));
    harness = new ContactsHarness(Map.of("links.address", "127.0.0.1:" + links.port()));
    harness.importer.importRecords(
        List.of(
            ContactRecord.newBuilder().setPhone(PHONE).setFirstName("Léa").build(),
            ContactRecord.newBuilder().setPhone(OTHER).setFirstName("Paul").build()),
        ImportOptions.newBuilder().setDefaultRegion("FR").setList("links").build());
  }

  @AfterAll
  static void stop() {
    if (links != null) {
      links.close();
    }
    if (harness != null) {
      // The node is shared with other modules' tests: leave no links keyspace behind either.
      SharedCassandra.dropQuietly(harness.session, LINKS_KEYSPACE);
      harness.close();
    }
    if (telemetry != null) {
      telemetry.close();
    }
  }

  @Test
  void exportListsTheNumbersLinksAndErasureMakesThemLeadToTheFallback() throws Exception {
    String spring = "shop/spring-" + UUID.randomUUID();
    String summer = "shop/summer-" + UUID.randomUUID();
    List<CreatedLink> created =
        createLinks(
            link(spring, "a", PHONE, "https://www.example.test/spring"),
            link(summer, "", PHONE, "https://www.example.test/summer"),
            link(spring, "a", OTHER, "https://www.example.test/spring"));
    String springToken = created.get(0).getToken();
    String summerToken = created.get(1).getToken();
    String othersToken = created.get(2).getToken();
    long clicked = links.clicksRecorded();
    assertThat(redirect(springToken)).isEqualTo("https://www.example.test/spring");
    awaitRecorded(clicked + 1);

    ContactExport export = export("06 25 40 00 01");
    assertThat(export.getLinksSearched()).isTrue();
    assertThat(export.getLinksAggregateOnly()).isFalse();
    assertThat(export.getTrackedLinksList())
        .extracting(
            TrackedLink::getToken,
            TrackedLink::getCampaignId,
            TrackedLink::getVariant,
            TrackedLink::getTargetUrl,
            TrackedLink::hasFirstClickedAt)
        .containsExactlyInAnyOrder(
            tuple(springToken, spring, "a", "https://www.example.test/spring", true),
            tuple(summerToken, summer, "", "https://www.example.test/summer", false));
    for (TrackedLink link : export.getTrackedLinksList()) {
      assertThat(link.getExpiresAt().getSeconds() - link.getCreatedAt().getSeconds())
          .isEqualTo(Duration.ofDays(90).toSeconds());
    }
    assertThat(export.getJson())
        .contains("\"linksSearched\": true")
        .contains(springToken)
        .contains(summerToken)
        .doesNotContain(othersToken);

    EraseContactResponse erased = erase(PHONE);
    assertThat(erased.getFound()).isTrue();
    assertThat(erased.getLinksSearched()).isTrue();
    assertThat(erased.getLinksErased()).isEqualTo(2);
    // The person's links lead nowhere personal any more; the other recipient's still work.
    assertThat(redirect(springToken)).isEqualTo(FALLBACK);
    assertThat(redirect(summerToken)).isEqualTo(FALLBACK);
    assertThat(redirect(othersToken)).isEqualTo("https://www.example.test/spring");
    assertThat(export(OTHER).getTrackedLinksList())
        .extracting(TrackedLink::getToken)
        .containsExactly(othersToken);

    // Idempotent: a second erasure finds nothing left.
    EraseContactResponse again = erase(PHONE);
    assertThat(again.getFound()).isFalse();
    assertThat(again.getLinksSearched()).isTrue();
    assertThat(again.getLinksErased()).isZero();
  }

  @Test
  void aLinksServiceThatDoesNotAnswerFailsErasureAndExportBeforeAnythingIsErased()
      throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    try (ContactsHarness cut =
        new ContactsHarness(Map.of("links.address", "127.0.0.1:" + deadPort))) {
      cut.importer.importRecords(
          List.of(ContactRecord.newBuilder().setPhone(PHONE).setFirstName("Léa").build()),
          ImportOptions.newBuilder().setDefaultRegion("FR").setList("links").build());

      assertThatThrownBy(() ->
              cut.contacts.eraseContact(EraseContactRequest.newBuilder().setPhone(PHONE).build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(e.getStatus().getDescription())
                    .contains("links service")
                    .contains("retry");
              });
      // Nothing was claimed, and nothing of the contact was erased: a retry starts afresh.
      assertThat(
              cut.contacts
                  .getContact(GetContactRequest.newBuilder().setPhone(PHONE).build())
                  .getFirstName())
          .isEqualTo("Léa");
      assertThatThrownBy(() ->
              cut.contacts.exportContact(ExportContactRequest.newBuilder().setPhone(PHONE).build()))
          .isInstanceOfSatisfying(
              StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
  }

  /** A link filed as the scheduler files it: under the number's contact key, never the number. */
  private static LinkRequest link(String campaign, String variant, String phone, String url) {
    return LinkRequest.newBuilder()
        .setCampaignId(campaign)
        .setVariant(variant)
        .setMessageId(UUID.randomUUID().toString())
        .setContactKey(PersonalData.contactKey(phone, PrivacyKey.of(PRIVACY_KEY)))
        .setTargetUrl(url)
        .build();
  }

  private static List<CreatedLink> createLinks(LinkRequest... requests) {
    return linksApi
        .createLinks(CreateLinksRequest.newBuilder().addAllLinks(List.of(requests)).build())
        .getLinksList();
  }

  private static ContactExport export(String phone) {
    return harness.contacts.exportContact(
        ExportContactRequest.newBuilder().setPhone(phone).setDefaultRegion("FR").build());
  }

  private static EraseContactResponse erase(String phone) {
    return harness.contacts.eraseContact(EraseContactRequest.newBuilder().setPhone(phone).build());
  }

  /** Where the redirect port sends a recipient who opens this token. */
  private static String redirect(String token) throws Exception {
    HttpResponse<Void> response =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + links.redirectPort() + "/" + token))
                .header("User-Agent", BROWSER)
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(response.statusCode()).isEqualTo(302);
    return response.headers().firstValue("Location").orElseThrow();
  }

  /** Waits until the links service has written the click (and so the link's first click). */
  private static void awaitRecorded(long clicks) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (links.clicksRecorded() < clicks && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(links.clicksRecorded()).isEqualTo(clicks);
  }
}
