package dev.relais.links;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import dev.relais.proto.links.v1.ClickCounts;
import dev.relais.proto.links.v1.CreateLinksRequest;
import dev.relais.proto.links.v1.CreatedLink;
import dev.relais.proto.links.v1.EraseContactLinksRequest;
import dev.relais.proto.links.v1.EraseContactLinksResponse;
import dev.relais.proto.links.v1.ExportContactLinksRequest;
import dev.relais.proto.links.v1.ExportContactLinksResponse;
import dev.relais.proto.links.v1.GetLinkStatsRequest;
import dev.relais.proto.links.v1.LinkRequest;
import dev.relais.proto.links.v1.LinkStats;
import dev.relais.proto.links.v1.LinksServiceGrpc.LinksServiceBlockingStub;
import dev.relais.proto.links.v1.VariantLinkStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The links service with {@code links.aggregateonly=true}, against a real Cassandra: the counts of
 * a campaign stay exact while nothing stored leads from a link or a click back to its recipient.
 */
class AggregateOnlyLinksIT {

  private static final String KEYSPACE =
      "it_links_agg_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final String IPHONE = LinksTestServer.IPHONE;
  private static final String WHATSAPP = "WhatsApp/2.23.20.0 A";

  private static LinksTestServer server;
  private static LinksServiceBlockingStub links;
  private static CqlSession cql;

  @BeforeAll
  static void start() {
    server =
        LinksTestServer.start(
            KEYSPACE,
            Map.of(
                "links.baseurl", "https://r.example.test",
                "links.clickflush", "PT0.1S",
                "links.aggregateonly", "true"));
    links = server.api();
    cql = server.cql();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aClickStreamGivesExactTotalsWhileNoTableCanNameTheRecipientOfALink() throws Exception {
    String campaign = "shop/quiet-" + UUID.randomUUID();
    List<LinkRequest> requests = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      requests.add(
          LinkRequest.newBuilder()
              .setCampaignId(campaign)
              .setVariant(i % 2 == 0 ? "a" : "b")
              .setMessageId("message-" + UUID.randomUUID())
              .setContactKey("contact-key-" + UUID.randomUUID())
              .setTargetUrl("https://www.example.test/soldes?i=" + i)
              .build());
    }
    List<CreatedLink> created =
        links
            .createLinks(CreateLinksRequest.newBuilder().addAllLinks(requests).build())
            .getLinksList();

    // Variant a: links 0, 2, 4; variant b: 1, 3, 5. Some recipients click several times, some
    // never; previews fetch two of the links.
    int[] humanClicks = {3, 1, 1, 0, 0, 2};
    int clicks = 0;
    for (int i = 0; i < created.size(); i++) {
      for (int n = 0; n < humanClicks[i]; n++) {
        assertThat(server.redirect(created.get(i).getToken(), IPHONE))
            .isEqualTo(requests.get(i).getTargetUrl());
        clicks++;
      }
    }
    server.redirect(created.get(0).getToken(), WHATSAPP);
    server.redirect(created.get(3).getToken(), WHATSAPP);
    server.awaitRecorded(clicks + 2);

    LinkStats stats =
        links.getLinkStats(GetLinkStatsRequest.newBuilder().setCampaignId(campaign).build());
    assertThat(stats.getAggregateOnly()).isTrue();
    assertThat(stats.getTotal()).isEqualTo(counts(7, 2));
    assertThat(stats.getVariantsList())
        .containsExactly(
            VariantLinkStats.newBuilder().setVariant("a").setCounts(counts(4, 1)).build(),
            VariantLinkStats.newBuilder().setVariant("b").setCounts(counts(3, 1)).build());

    // Nothing stored names a recipient or a message, and no link remembers being clicked.
    assertThat(StoredCells.rows(cql, KEYSPACE, "links_by_contact")).isZero();
    for (LinkRequest request : requests) {
      assertThat(StoredCells.containing(cql, KEYSPACE, request.getContactKey())).isEmpty();
      assertThat(StoredCells.containing(cql, KEYSPACE, request.getMessageId())).isEmpty();
    }
    for (CreatedLink link : created) {
      Row row =
          cql.execute(
                  "SELECT message_id, first_clicked_at, last_clicked_at, campaign_id FROM "
                      + KEYSPACE
                      + ".link_pages WHERE page = ? AND link = ?",
                  link.getToken().substring(0, 4),
                  link.getToken().substring(4))
              .one();
      assertThat(row).isNotNull();
      assertThat(row.getString("campaign_id")).isEqualTo(campaign);
      assertThat(row.isNull("message_id")).isTrue();
      assertThat(row.isNull("last_clicked_at")).isTrue();
      assertThat(row.isNull("first_clicked_at")).isTrue();
    }

    // Erasure and export have nothing to find, and say why.
    String someone = requests.get(0).getContactKey();
    EraseContactLinksResponse erased =
        links.eraseContactLinks(
            EraseContactLinksRequest.newBuilder().addContactKeys(someone).build());
    assertThat(erased.getErased()).isZero();
    assertThat(erased.getAggregateOnly()).isTrue();
    ExportContactLinksResponse exported =
        links.exportContactLinks(
            ExportContactLinksRequest.newBuilder().setContactKey(someone).build());
    assertThat(exported.getLinksList()).isEmpty();
    assertThat(exported.getAggregateOnly()).isTrue();
    // The links themselves still lead where they should.
    assertThat(server.redirect(created.get(0).getToken(), IPHONE))
        .isEqualTo(requests.get(0).getTargetUrl());
  }

  private static ClickCounts counts(long clicks, long bots) {
    // Unique clicks are not counted: that would take a per-link (so per-person) record.
    return ClickCounts.newBuilder().setClicks(clicks).setUniqueClicks(0).setBotClicks(bots).build();
  }
}
