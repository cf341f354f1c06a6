package dev.relais.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.uuid.Uuids;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.links.LinksServer;
import dev.relais.local.cassandra.SharedCassandra;
import dev.relais.proto.links.v1.CreateLinksRequest;
import dev.relais.proto.links.v1.CreatedLink;
import dev.relais.proto.links.v1.LinkRequest;
import dev.relais.proto.links.v1.LinksServiceGrpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Redirect throughput and latency of the links service on loopback: creates links through
 * CreateLinks, then clients on virtual threads click random ones (GET with a browser's user agent)
 * for a fixed time and the redirects per second and p50/p95/p99 latencies are printed. Clicks are
 * recorded as in production (batched, asynchronous).
 *
 * <p>Run it with {@code ./relais bench-redirect [--links N] [--clients C] [--seconds S] [--cache
 * N]}; Cassandra is the one of {@code RELAIS_CASSANDRA}, or a node started for the run.
 */
public final class RedirectBench {

  private static final String BROWSER =
      "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/120.0.0.0 Mobile Safari/537.36";

  private RedirectBench() {}

  public static void main(String[] args) throws Exception {
    int linkCount = 10_000;
    int clients = 32;
    int seconds = 20;
    int cache = 100_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--links" -> linkCount = Integer.parseInt(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--cache" -> cache = Integer.parseInt(args[++i]);
        default -> {
          System.err.println(
              "usage: ./relais bench-redirect [--links N] [--clients C] [--seconds S]"
                  + " [--cache N (0: every redirect reads Cassandra)]");
          System.exit(2);
        }
      }
    }
    String command =
        "./relais bench-redirect --links "
            + linkCount
            + " --clients "
            + clients
            + " --seconds "
            + seconds
            + " --cache "
            + cache;
    String keyspace =
        "bench_links_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    ServiceConfig config =
        ServiceConfig.of(
            "links",
            Map.of(
                "cassandra.hosts",
                SharedCassandra.contactPoint(),
                "cassandra.datacenter",
                SharedCassandra.localDatacenter(),
                "cassandra.keyspace",
                keyspace,
                "server.port",
                "0",
                "links.port",
                "0",
                "links.baseurl",
                "https://r.example.test",
                "links.cache",
                String.valueOf(cache)));
    try (LinksServer server = LinksServer.start(config);
        Telemetry telemetry = Telemetry.create(ServiceConfig.of("redirect-bench", Map.of()))) {
      List<String> tokens = createLinks(server, telemetry, linkCount);
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      String base = "http://127.0.0.1:" + server.redirectPort() + "/";
      System.out.printf("warming up (%d s)...%n", Math.max(2, seconds / 4));
      run(http, base, tokens, clients, Duration.ofSeconds(Math.max(2, seconds / 4)));
      Result result = run(http, base, tokens, clients, Duration.ofSeconds(seconds));
      System.out.printf(
          "%nRedirects: %,d in %d s with %d clients over %,d links (cache %,d): %,.0f redirects/s%n",
          result.latencies().length, seconds, clients, linkCount, cache, result.perSecond());
      System.out.printf(
          "Latency: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms; errors %d%n",
          result.percentile(50), result.percentile(95), result.percentile(99), result.errors());
      System.out.printf("Clicks recorded meanwhile: %,d%n", server.clicksRecorded());
      System.out.println("Rerun: " + command);
    } finally {
      // The node may be shared (RELAIS_CASSANDRA): leave nothing behind.
      try (CqlSession cql =
          CassandraConnector.connect(CassandraConnector.Settings.from(config, "links"), keyspace)) {
        SharedCassandra.dropQuietly(cql, keyspace);
      }
    }
  }

  private static List<String> createLinks(LinksServer server, Telemetry telemetry, int count) {
    var links =
        LinksServiceGrpc.newBlockingStub(
            GrpcChannels.connect(new HostPort("127.0.0.1", server.port()), telemetry));
    List<String> tokens = new ArrayList<>(count);
    long started = System.nanoTime();
    long pageTime = System.currentTimeMillis();
    while (tokens.size() < count) {
      // One call per page of a marketing campaign, as the scheduler makes them: message ids that
      // carry the page's time, no contact key (contacts records marketing messages).
      long pageTicks = Uuids.startOf(pageTime++).getMostSignificantBits();
      CreateLinksRequest.Builder batch = CreateLinksRequest.newBuilder();
      for (int i = 0; i < Math.min(1000, count - tokens.size()); i++) {
        long random = UUID.randomUUID().getLeastSignificantBits();
        batch.addLinks(
            LinkRequest.newBuilder()
                .setCampaignId("bench")
                .setVariant(i % 2 == 0 ? "a" : "b")
                .setMessageId(
                    new UUID(pageTicks, (random & 0x3FFF_FFFF_FFFF_FFFFL) | Long.MIN_VALUE)
                        .toString())
                .setTargetUrl("https://www.example.test/offer?n=" + (tokens.size() + i)));
      }
      for (CreatedLink link : links.createLinks(batch.build()).getLinksList()) {
        tokens.add(link.getToken());
      }
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "Created %,d links in %.1f s (%,.0f links/s)%n", count, elapsed, count / elapsed);
    return tokens;
  }

  private record Result(long[] latencies, long errors, double perSecond) {
    double percentile(int p) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.ceil(p / 100.0 * latencies.length) - 1;
      return latencies[Math.max(0, index)] / 1e6;
    }
  }

  private static Result run(
      HttpClient http, String base, List<String> tokens, int clients, Duration duration)
      throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    long[][] perClient = new long[clients][];
    int[] sizes = new int[clients];
    AtomicLong errors = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    long started = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      perClient[c] = new long[1 << 16];
      threads.add(
          Thread.ofVirtual()
              .start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < end) {
                  String token = tokens.get(random.nextInt(tokens.size()));
                  HttpRequest request =
                      HttpRequest.newBuilder(URI.create(base + token))
                          .header("User-Agent", BROWSER)
                          .build();
                  long t0 = System.nanoTime();
                  try {
                    HttpResponse<Void> response =
                        http.send(request, HttpResponse.BodyHandlers.discarding());
                    long latency = System.nanoTime() - t0;
                    if (response.statusCode() != 302) {
                      errors.incrementAndGet();
                      continue;
                    }
                    if (sizes[client] == perClient[client].length) {
                      perClient[client] = Arrays.copyOf(perClient[client], sizes[client] * 2);
                    }
                    perClient[client][sizes[client]++] = latency;
                  } catch (Exception e) {
                    errors.incrementAndGet();
                  }
                }
              }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    int total = Arrays.stream(sizes).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(perClient[c], 0, all, at, sizes[c]);
      at += sizes[c];
    }
    Arrays.sort(all);
    return new Result(all, errors.get(), total / elapsed);
  }
}
