package dev.relais.links;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.links.v1.CreateLinksRequest;
import dev.relais.proto.links.v1.CreatedLink;
import dev.relais.proto.links.v1.LinkRequest;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import dev.relais.proto.links.v1.LinksServiceGrpc.LinksServiceBlockingStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real links service for integration tests, in a keyspace of its own on the shared Cassandra:
 * links created over gRPC on loopback, opened over real HTTP on loopback, the keyspace dropped on
 * close. Used by the tests of the links service and of every service that reaches it.
 */
public final class LinksTestServer implements AutoCloseable {

  /** A phone browser's user agent: its clicks count as a person's. */
  public static final String IPHONE =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

  private static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private final String keyspace;
  private final Map<String, String> settings;
  private final LinksServer server;
  private final Telemetry telemetry;
  private final LinksServiceBlockingStub api;
  private final CqlSession cql;

  private LinksTestServer(String keyspace, Map<String, String> settings) {
    this.keyspace = keyspace;
    this.settings = settings;
    ServiceConfig config = ServiceConfig.of("links", settings);
    this.server = LinksServer.start(config);
    this.telemetry = Telemetry.create("links-test-client", null, 1.0);
    this.api =
        LinksServiceGrpc.newBlockingStub(
            GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), telemetry));
    this.cql =
        CassandraConnector.connect(CassandraConnector.Settings.from(config, "links"), keyspace);
  }

  /**
   * Starts a links service in {@code keyspace} on the shared Cassandra, on free ports, with {@code
   * settings} on top (links.baseurl, links.clickflush and the like).
   */
  public static LinksTestServer start(String keyspace, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>();
    all.put("cassandra.hosts", SharedCassandra.contactPoint());
    all.put("cassandra.datacenter", SharedCassandra.localDatacenter());
    all.put("cassandra.keyspace", keyspace);
    all.put("server.port", "0");
    all.put("links.port", "0");
    all.putAll(settings);
    return new LinksTestServer(keyspace, Map.copyOf(all));
  }

  /** The settings it runs with, to start another server on the same keyspace. */
  public Map<String, String> settings() {
    return settings;
  }

  public LinksServer server() {
    return server;
  }

  /** Its gRPC port. */
  public int port() {
    return server.port();
  }

  /** Its gRPC API, over a plain channel on loopback. */
  public LinksServiceBlockingStub api() {
    return api;
  }

  /** A session on its keyspace; it reaches the other keyspaces of the node too. */
  public CqlSession cql() {
    return cql;
  }

  /** The clicks (all kinds) its recorder has written since it started. */
  public long clicksRecorded() {
    return server.clicksRecorded();
  }

  /** Creates these links in one batch. */
  public List<CreatedLink> create(LinkRequest... requests) {
    return api.createLinks(CreateLinksRequest.newBuilder().addAllLinks(List.of(requests)).build())
        .getLinksList();
  }

  /** Opens a link as {@code userAgent} would, without following its redirect. */
  public HttpResponse<String> open(String token, String userAgent) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.redirectPort() + "/" + token))
            .header("User-Agent", userAgent)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code method} with no body to {@code path} of the redirect port. */
  public HttpResponse<String> send(String path, String method, String userAgent) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.redirectPort() + "/" + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .header("User-Agent", userAgent)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Where a link sends {@code userAgent}: asserts a redirect and answers its Location. */
  public String redirect(String token, String userAgent) throws Exception {
    HttpResponse<String> response = open(token, userAgent);
    assertThat(response.statusCode()).isEqualTo(302);
    return response.headers().firstValue("Location").orElseThrow();
  }

  /**
   * Waits up to 30 s until the recorder has written this many clicks (all kinds) since the start,
   * then asserts that it wrote exactly as many.
   */
  public void awaitRecorded(long clicks) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (server.clicksRecorded() < clicks && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.clicksRecorded()).isEqualTo(clicks);
  }

  /**
   * Waits until the recorder has written at least this many clicks, failing after {@code within}.
   */
  public void awaitAtLeast(long clicks, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (server.clicksRecorded() < clicks) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("clicks not recorded in time");
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() {
    server.close();
    // The node is shared with other modules' tests: leave nothing behind.
    SharedCassandra.dropQuietly(cql, keyspace);
    cql.close();
    telemetry.close();
  }
}
