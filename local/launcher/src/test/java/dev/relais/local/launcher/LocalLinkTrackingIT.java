package dev.relais.local.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relais.common.grpc.HostPort;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.operator.model.LinksRedirect;
import dev.relais.operator.model.RelaisService;
import dev.relais.proto.links.v1.CreateLinksRequest;
import dev.relais.proto.links.v1.GetLinkStatsRequest;
import dev.relais.proto.links.v1.LinkRequest;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator-driven local platform tracks links: the SmsPlatform the launcher adds gets a
 * linkTrackingBaseUrl that reaches the links redirect Service through the process kubelet, a link
 * created by the links service redirects there and its click is counted, and analytics' conversion
 * ingest is on. Real operator, real services as local JVMs, the shared Cassandra.
 */
class LocalLinkTrackingIT {

  private static final Path EXAMPLES = Path.of("../../examples/quickstart");
  private static final String TARGET = "https://shop.example.fr/soldes";

  private static final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private static ClusterDemo demo;
  private static ManagedChannel channel;

  @BeforeAll
  static void startThePlatform() throws Exception {
    Manifests manifests = Manifests.load(EXAMPLES);
    demo =
        ClusterDemo.start(
            new ClusterDemo.Options(
                Path.of("target/local-link-tracking").toAbsolutePath(),
                SharedCassandra.contactPoint(),
                "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8),
                Duration.ZERO,
                Map.of(),
                b -> {},
                new PrintStream(console, true, StandardCharsets.UTF_8)),
            manifests);
    demo.applyPlatform();
    demo.awaitServices();
    HostPort links =
        HostPort.parse(demo.cluster().address(RelaisService.LINKS), RelaisService.LINKS.port());
    channel = NettyChannelBuilder.forAddress(links.host(), links.port()).usePlaintext().build();
  }

  @AfterAll
  static void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (demo != null) {
      demo.close();
    }
    System.out.println(console.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aLinkOfTheLocalPlatformRedirectsAndItsClickIsCounted() throws Exception {
    String base = demo.linksBaseUrl().orElseThrow();
    assertThat(base).isEqualTo(demo.cluster().linksBaseUrl()).startsWith("http://127.0.0.1:");
    assertThat(
            demo.cluster()
                .client()
                .resources(dev.relais.operator.api.SmsPlatform.class)
                .inNamespace(demo.cluster().namespace())
                .withName(demo.platform().getMetadata().getName())
                .get()
                .getSpec()
                .linkTrackingBaseUrl)
        .isEqualTo(base);
    var links = LinksServiceGrpc.newBlockingStub(channel);
    String campaign = "relais-demo/link-check";
    String url =
        links
            .createLinks(
                CreateLinksRequest.newBuilder()
                    .addLinks(
                        LinkRequest.newBuilder()
                            .setCampaignId(campaign)
                            .setMessageId(UUID.randomUUID().toString())
                            .setContactKey("contact-1")
                            .setTargetUrl(TARGET))
                    .build())
            .getLinks(0)
            .getUrl();
    assertThat(url).startsWith(base + "/");

    HttpResponse<Void> redirect =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .header(
                        "User-Agent",
                        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.discarding());

    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location")).contains(TARGET);
    // This link's message was never delivered: links holds its click until a delivery could have
    // been recorded (links.prefetchwindow, 10 s, plus 30 s; docs/links.md), then counts a person.
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(90));
    long clicks = 0;
    while (clicks == 0 && Instant.now().isBefore(giveUp)) {
      Thread.sleep(250);
      clicks =
          links
              .getLinkStats(GetLinkStatsRequest.newBuilder().setCampaignId(campaign).build())
              .getTotal()
              .getClicks();
    }
    assertThat(clicks).as("the click counted by the links service").isEqualTo(1);
    assertThat(console.toString(StandardCharsets.UTF_8))
        .contains("Link tracking: short links " + base + "/<token>");
    assertThat(demo.clicksAndConversions())
        .containsExactly(
            "Clicks:      short links "
                + base
                + "/<token> (Service "
                + LinksRedirect.serviceName(demo.platform().getMetadata().getName())
                + ")",
            "Conversions: POST " + demo.conversionsUrl() + " (analytics)");
  }

  @Test
  void analyticsTakesOrdersAtTheAddressPrinted() throws Exception {
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(demo.conversionsUrl()))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(20))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"orderId\": \"A-1\", \"phone\": \"+33612345678\", \"amount\":"
                                + " \"10.00\", \"currency\": \"EUR\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    // On: links and the privacy key are both given (without them the ingest answers 503).
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(answer.body()).contains("ATTRIBUTION_NONE");
  }
}
