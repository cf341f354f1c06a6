package dev.relais.links;

import com.datastax.oss.driver.api.core.CqlSession;
import dev.relais.common.cassandra.CassandraConnector;
import dev.relais.common.config.ServiceConfig;
import dev.relais.common.grpc.GrpcChannels;
import dev.relais.common.grpc.HostPort;
import dev.relais.common.privacy.Retention;
import dev.relais.common.server.ServiceServer;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.time.PlatformClock;
import dev.relais.links.click.AnalyticsMessageReceipts;
import dev.relais.links.click.ClickRecorder;
import dev.relais.links.click.MessageReceipts;
import dev.relais.links.click.PrefetchRule;
import dev.relais.links.store.ClickCounterDao;
import dev.relais.links.store.LinkDao;
import dev.relais.links.store.TokenKeyDao;
import dev.relais.links.token.KeyedLinkTokens;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * A running links service, startable in-process: the internal port ({@code server.port}: gRPC
 * LinksService and health) and the public redirect port ({@code links.port}: {@code GET /{token}}
 * and nothing else, so that exposing it exposes no API).
 */
public final class LinksServer implements AutoCloseable {

  /**
   * Default and longest lifetime of a link ({@code links.lifetime}): as long as contacts keeps the
   * marketing message it was sent in, by which erasure and export find it.
   */
  public static final Duration DEFAULT_LIFETIME = Retention.MARKETING_MESSAGES;

  /** Default window around a message's delivery in which a click is a prefetch. */
  public static final Duration DEFAULT_PREFETCH_WINDOW = Duration.ofSeconds(10);

  /** How long a click batch waits for analytics' answer about its messages' receipts. */
  static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger LOG = Logger.getLogger(LinksServer.class.getName());

  private final Telemetry telemetry;
  private final CqlSession session;
  private final ClickRecorder clicks;
  private final ServiceServer server;
  private final WebServer redirects;

  private LinksServer(
      Telemetry telemetry,
      CqlSession session,
      ClickRecorder clicks,
      ServiceServer server,
      WebServer redirects) {
    this.telemetry = telemetry;
    this.session = session;
    this.clicks = clicks;
    this.server = server;
    this.redirects = redirects;
  }

  /** Connects to Cassandra, migrates the links keyspace and starts serving on both ports. */
  public static LinksServer start(ServiceConfig config) {
    Settings settings = Settings.from(config);
    Telemetry telemetry = Telemetry.create(config);
    CqlSession session = null;
    ClickRecorder clicks = null;
    ServiceServer server = null;
    try {
      session =
          CassandraConnector.connectAndMigrate(
              CassandraConnector.Settings.from(config, "links"), "links");
      Clock clock = PlatformClock.from(config);
      KeyedLinkTokens tokens = new KeyedLinkTokens(TokenKeyDao.loadOrCreate(session));
      LinkDao links = new LinkDao(session, tokens);
      ClickCounterDao counters = new ClickCounterDao(session);
      LinkCache cache = new LinkCache(config.integer("links.cache", 100_000));
      Optional<MessageReceipts> receipts =
          settings
              .analytics()
              .map(address ->
                  new AnalyticsMessageReceipts(
                      GrpcChannels.connect(address, telemetry, config), RECEIPT_TIMEOUT));
      clicks =
          new ClickRecorder(
              links,
              counters,
              settings.clickFlush(),
              !settings.aggregateOnly(),
              new PrefetchRule(settings.prefetchWindow()),
              receipts,
              clock);
      if (receipts.isEmpty()) {
        LOG.info(
            "links: no analytics.address, so clicks in the seconds after delivery cannot be told"
                + " apart: they count by user agent alone");
      }
      if (settings.aggregateOnly()) {
        LOG.info(
            "links.aggregateonly: links are filed under no contact and clicks are counted per"
                + " campaign and variant only (no unique clicks)");
      }
      CqlSession cassandra = session;
      server =
          ServiceServer.builder(config, telemetry)
              .grpc(
                  new LinksGrpcService(
                      links,
                      counters,
                      cache,
                      tokens,
                      settings.baseUrl(),
                      settings.lifetime(),
                      settings.aggregateOnly(),
                      clock))
              .readiness("cassandra", () -> CassandraConnector.isUp(cassandra))
              .start();
      HttpRouting.Builder routing = HttpRouting.builder();
      new RedirectHandler(links, cache, clicks, settings.fallbackUrl(), clock).routes(routing);
      WebServer redirects =
          WebServer.builder()
              .host(config.string("links.host", config.string("server.host", "127.0.0.1")))
              .port(config.integer("links.port", 0))
              .routing(routing)
              .build()
              .start();
      LOG.info(() -> "links redirecting on port " + redirects.port());
      return new LinksServer(telemetry, session, clicks, server, redirects);
    } catch (RuntimeException e) {
      if (server != null) {
        server.close();
      }
      if (clicks != null) {
        clicks.close();
      }
      if (session != null) {
        session.close();
      }
      telemetry.close();
      throw e;
    }
  }

  /** The port serving gRPC and health. */
  public int port() {
    return server.port();
  }

  /** The public port serving the redirects. */
  public int redirectPort() {
    return redirects.port();
  }

  /** Clicks written to the counters so far (all kinds). */
  public long clicksRecorded() {
    return clicks.recorded();
  }

  @Override
  public void close() {
    redirects.stop();
    server.close();
    clicks.close();
    session.close();
    telemetry.close();
  }

  /**
   * The links settings, checked before anything starts: a base URL that links cannot be built on or
   * a fallback that cannot be redirected to stops the service with the key to fix.
   */
  record Settings(
      String baseUrl,
      String fallbackUrl,
      Duration lifetime,
      Duration clickFlush,
      boolean aggregateOnly,
      Duration prefetchWindow,
      Optional<HostPort> analytics) {

    /** A person may well click within a minute of receiving a message: no wider window. */
    static final Duration MAX_PREFETCH_WINDOW = Duration.ofMinutes(1);

    static Settings from(ServiceConfig config) {
      String base = stripSlashes(config.requiredString("links.baseurl").strip());
      check("links.baseurl", base);
      String fallback = config.string("links.fallbackurl", "").strip();
      if (fallback.isEmpty()) {
        fallback = base;
      }
      check("links.fallbackurl", fallback);
      Duration lifetime = config.duration("links.lifetime", DEFAULT_LIFETIME);
      if (lifetime.isNegative() || lifetime.isZero()) {
        throw new IllegalStateException("links.lifetime must be positive: " + lifetime);
      }
      if (lifetime.compareTo(Retention.MARKETING_MESSAGES) > 0) {
        throw new IllegalStateException(
            "links.lifetime is at most P"
                + Retention.MARKETING_MESSAGES.toDays()
                + "D (how long contacts keeps the marketing messages whose links erasure and export"
                + " find): "
                + lifetime);
      }
      Duration flush = config.duration("links.clickflush", Duration.ofSeconds(1));
      if (flush.isNegative() || flush.isZero()) {
        throw new IllegalStateException("links.clickflush must be positive: " + flush);
      }
      Duration prefetch = config.duration("links.prefetchwindow", DEFAULT_PREFETCH_WINDOW);
      if (prefetch.isNegative() || prefetch.compareTo(MAX_PREFETCH_WINDOW) > 0) {
        throw new IllegalStateException(
            "links.prefetchwindow must be between PT0S (off) and "
                + MAX_PREFETCH_WINDOW
                + ": "
                + prefetch);
      }
      String analytics = config.string("analytics.address", "").strip();
      return new Settings(
          base,
          fallback,
          lifetime,
          flush,
          config.bool("links.aggregateonly", false),
          prefetch,
          analytics.isEmpty() ? Optional.empty() : Optional.of(HostPort.parse(analytics, 9094)));
    }

    private static void check(String key, String url) {
      Optional<String> problem = LinkRequestValidator.targetProblem(url);
      if (problem.isPresent()) {
        throw new IllegalStateException(
            "links: configuration '"
                + key
                + "' ("
                + key.toUpperCase().replace('.', '_')
                + ") is not an absolute http(s) URL: "
                + url);
      }
    }

    private static String stripSlashes(String url) {
      String stripped = url;
      while (stripped.endsWith("/")) {
        stripped = stripped.substring(0, stripped.length() - 1);
      }
      return stripped;
    }
  }
}
