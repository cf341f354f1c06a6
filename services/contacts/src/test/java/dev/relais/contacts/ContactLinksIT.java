package dev.relais.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.relais.common.privacy.PersonalData;
import dev.relais.common.privacy.PrivacyKey;
import dev.relais.common.time.ProtoTime;
import dev.relais.links.LinksTestServer;
import dev.relais.proto.contacts.v1.ContactExport;
import dev.relais.proto.contacts.v1.ContactRecord;
import dev.relais.proto.contacts.v1.EraseContactRequest;
import dev.relais.proto.contacts.v1.EraseContactResponse;
import dev.relais.proto.contacts.v1.ExportContactRequest;
import dev.relais.proto.contacts.v1.GetContactRequest;
import dev.relais.proto.contacts.v1.ImportOptions;
import dev.relais.proto.contacts.v1.MarketingRecipient;
import dev.relais.proto.contacts.v1.RecordMarketingSendsRequest;
import dev.relais.proto.contacts.v1.TrackedLink;
import dev.relais.proto.links.v1.CreatedLink;
import dev.relais.proto.links.v1.LinkRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EraseContact and ExportContact reach the tracked links of a number's messages in a real links
 * service over gRPC on loopback, created as the scheduler creates them (a marketing message's by
 * the message contacts recorded, a transactional one's under {@link PersonalData#contactKey} of the
 * number); a links service that does not answer fails both rather than leaving the links out.
 */
class ContactLinksIT {

  private static final String PRIVACY_KEY = "it-privacy-key";
  private static final String PHONE = "+33625400001";
  private static final String OTHER = "+33625400002";
  private static final String FALLBACK = "https://www.example.test/expired";
  private static final String BROWSER = LinksTestServer.IPHONE;
  private static final String LINKS_KEYSPACE =
      "it_links_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private static LinksTestServer links;
  private static ContactsHarness harness;

  @BeforeAll
  static void start() {
    links =
        LinksTestServer.start(
            LINKS_KEYSPACE,
            Map.of(
                "links.baseurl",
                "https://r.example.test",
                "links.fallbackurl",
                FALLBACK,
                "links.clickflush",
                "PT0.1S"));
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
      harness.close();
    }
  }

  @Test
  void exportListsTheNumbersLinksAndErasureMakesThemLeadToTheFallback() throws Exception {
    String spring = "shop/spring-" + UUID.randomUUID();
    String summer = "shop/summer-" + UUID.randomUUID();
    String springToPhone = UUID.randomUUID().toString();
    String springToOther = UUID.randomUUID().toString();
    // spring is a marketing campaign: its links are filed under no one, and contacts records its
    // messages; summer is transactional, its link filed under the number's contact key.
    List<CreatedLink> created =
        links.create(
            marketingLink(spring, "a", springToPhone, "https://www.example.test/spring"),
            link(summer, "", PHONE, "https://www.example.test/summer"),
            marketingLink(spring, "a", springToOther, "https://www.example.test/spring"));
    harness.contacts.recordMarketingSends(
        RecordMarketingSendsRequest.newBuilder()
            .setCampaignId(spring)
            .setSentAt(ProtoTime.timestamp(Instant.now()))
            .addRecipients(
                MarketingRecipient.newBuilder()
                    .setPhone(PHONE)
                    .setMessageId(springToPhone)
                    .setVariant("a"))
            .addRecipients(
                MarketingRecipient.newBuilder()
                    .setPhone(OTHER)
                    .setMessageId(springToOther)
                    .setVariant("a"))
            .build());
    String springToken = created.get(0).getToken();
    String summerToken = created.get(1).getToken();
    String othersToken = created.get(2).getToken();
    long clicked = links.clicksRecorded();
    assertThat(links.redirect(springToken, BROWSER)).isEqualTo("https://www.example.test/spring");
    links.awaitRecorded(clicked + 1);

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
    assertThat(links.redirect(springToken, BROWSER)).isEqualTo(FALLBACK);
    assertThat(links.redirect(summerToken, BROWSER)).isEqualTo(FALLBACK);
    assertThat(links.redirect(othersToken, BROWSER)).isEqualTo("https://www.example.test/spring");
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

  /** A link of a marketing message, as the scheduler creates it: filed under no contact. */
  private static LinkRequest marketingLink(
      String campaign, String variant, String messageId, String url) {
    return LinkRequest.newBuilder()
        .setCampaignId(campaign)
        .setVariant(variant)
        .setMessageId(messageId)
        .setTargetUrl(url)
        .build();
  }

  /**
   * A link of a transactional message, filed as the scheduler files it: under the number's contact
   * key, never the number.
   */
  private static LinkRequest link(String campaign, String variant, String phone, String url) {
    return LinkRequest.newBuilder()
        .setCampaignId(campaign)
        .setVariant(variant)
        .setMessageId(UUID.randomUUID().toString())
        .setContactKey(PersonalData.contactKey(phone, PrivacyKey.of(PRIVACY_KEY)))
        .setTargetUrl(url)
        .build();
  }

  private static ContactExport export(String phone) {
    return harness.contacts.exportContact(
        ExportContactRequest.newBuilder().setPhone(phone).setDefaultRegion("FR").build());
  }

  private static EraseContactResponse erase(String phone) {
    return harness.contacts.eraseContact(EraseContactRequest.newBuilder().setPhone(phone).build());
  }
}
