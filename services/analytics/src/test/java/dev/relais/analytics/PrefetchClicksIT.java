package dev.relais.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.time.ProtoTime;
import dev.relais.links.LinksTestServer;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.analytics.v1.AnalyticsServiceGrpc;
import dev.relais.proto.analytics.v1.EventType;
import dev.relais.proto.analytics.v1.MessageEvent;
import dev.relais.proto.analytics.v1.RecordEventsRequest;
import dev.relais.proto.links.v1.ClickCounts;
import dev.relais.proto.links.v1.CreatedLink;
import dev.relais.proto.links.v1.GetLinkStatsRequest;
import dev.relais.proto.links.v1.LinkRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clicks made as a message arrives, told apart over real parts: a links service reading the
 * receipts that a real analytics service recorded, both on the shared Cassandra, clicked over real
 * HTTP with a phone browser's user agent.
 */
class PrefetchClicksIT {

  private static final String SUFFIX =
      UUID.randomUUID().toString().replace("-", "").substring(0, 8);
  private static final String ANALYTICS_KEYSPACE = "it_prefetch_" + SUFFIX;
  private static final String LINKS_KEYSPACE = "it_prefetch_links_" + SUFFIX;

  private static AnalyticsServer analytics;
  private static LinksTestServer links;
  private static Telemetry client;
  private static AnalyticsServiceGrpc.AnalyticsServiceBlockingStub events;

  @BeforeAll
  static void start() {
    analytics =
        AnalyticsServer.start(
            ServiceConfig.of(
                "analytics",
                Map.of(
                    "cassandra.hosts",
                    SharedCassandra.contactPoint(),
                    "cassandra.datacenter",
                    SharedCassandra.localDatacenter(),
                    "cassandra.keyspace",
                    ANALYTICS_KEYSPACE,
                    "server.port",
                    "0")));
    links =
        LinksTestServer.start(
            LINKS_KEYSPACE,
            Map.of(
                "links.baseurl",
                "https://r.example.test",
                "links.clickflush",
                "PT0.1S",
                "analytics.address",
                "127.0.0.1:" + analytics.port()));
    client = Telemetry.create("prefetch-it", null, 1.0);
    events =
        AnalyticsServiceGrpc.newBlockingStub(
            GrpcChannels.connect(new HostPort("127.0.0.1", analytics.port()), client));
  }

  @AfterAll
  static void stop() {
    if (analytics != null) {
      analytics.close();
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
  void aClickOneSecondAfterTheDeliveryIsABotsAndOneThirtySecondsAfterIsAPersons() throws Exception {
    String campaign = "shop/prefetch-" + SUFFIX;
    String fetched = UUID.randomUUID().toString();
    String read = UUID.randomUUID().toString();
    List<CreatedLink> created = links.create(link(campaign, fetched), link(campaign, read));
    long before = links.clicksRecorded();

    // Read by its recipient half a minute after it was delivered.
    recordDelivered(campaign, read, Instant.now().minusSeconds(30));
    click(created.get(1).getToken());

    // Fetched by the phone as it arrived: the click reaches links before the receipt reaches
    // analytics, and waits for it. The receipt says delivered one second before the click.
    Instant clickedAfter = Instant.now();
    click(created.get(0).getToken());
    recordDelivered(campaign, fetched, clickedAfter.minusSeconds(1));

    links.awaitAtLeast(before + 2, Duration.ofSeconds(60));
    ClickCounts counts =
        links
            .api()
            .getLinkStats(GetLinkStatsRequest.newBuilder().setCampaignId(campaign).build())
            .getTotal();
    assertThat(counts)
        .isEqualTo(
            ClickCounts.newBuilder().setClicks(1).setUniqueClicks(1).setBotClicks(1).build());
  }

  private static LinkRequest link(String campaign, String message) {
    return LinkRequest.newBuilder()
        .setCampaignId(campaign)
        .setMessageId(message)
        .setContactKey("c-" + message)
        .setTargetUrl("https://www.example.test/soldes")
        .build();
  }

  private static void click(String token) throws Exception {
    HttpResponse<String> redirect = links.open(token, LinksTestServer.IPHONE);
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location"))
        .hasValue("https://www.example.test/soldes");
  }

  private static void recordDelivered(String campaign, String message, Instant at) {
    events
        .withDeadlineAfter(30, TimeUnit.SECONDS)
        .recordEvents(
            RecordEventsRequest.newBuilder()
                .setBatchId(UUID.randomUUID().toString())
                .addEvents(
                    MessageEvent.newBuilder()
                        .setCampaignId(campaign)
                        .setMessageId(message)
                        .setType(EventType.EVENT_TYPE_DELIVERED)
                        .setOccurredAt(ProtoTime.timestamp(at)))
                .build());
  }
}
