package dev.relais.common.server;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.telemetry.GrpcTracing;
import dev.relais.common.telemetry.PrometheusEndpoint;
import dev.relais.common.telemetry.Telemetry;
import dev.relais.common.tls.ServiceTls;
import io.grpc.BindableService;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.grpc.GrpcConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http2.Http2Config;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The Helidon SE web server of a Relais service: gRPC services, HTTP health and metrics on one
 * port.
 *
 * <p>{@code GET /health/live} answers as soon as the process serves; {@code GET /health/ready} runs
 * the service's readiness checks (e.g. Cassandra reachable) and answers 503 until they pass. {@code
 * GET /metrics} serves the service's OpenTelemetry metrics in Prometheus' text format.
 *
 * <p>A gRPC request message may hold at most {@code server.maxmessage} bytes (default {@value
 * #DEFAULT_MAX_MESSAGE}, 4 MiB, the limit of gRPC's own servers and clients); a larger one is
 * answered RESOURCE_EXHAUSTED at once. Relais' own clients stream imports in 64 KiB chunks.
 *
 * <p>With mutual TLS set ({@link ServiceTls}: {@code tls.cert}, {@code tls.key}, {@code tls.ca})
 * the port serves TLS only. Every gRPC call must come with a client certificate signed by the CA
 * and is checked against {@link CallerAccess}; health, metrics and the routes added with {@link
 * Builder#http} answer without one, for the kubelet's probes and Prometheus (they must hold no
 * personal data).
 */
public final class ServiceServer implements AutoCloseable {

  /** Default of {@code server.maxmessage}, in bytes. */
  public static final int DEFAULT_MAX_MESSAGE = 4 * 1024 * 1024;

  /** HTTP/2's initial frame size, which every peer accepts; larger frames save little here. */
  private static final int MAX_FRAME = 16 * 1024;

  /** HTTP/2's initial flow-control window, in bytes: less than four frames (see http2Config). */
  private static final int RECEIVE_WINDOW = 65_535;

  /** Request headers (HPACK-decoded): gRPC metadata here is a trace context and a deadline. */
  private static final long MAX_HEADERS = 8 * 1024;

  private static final Logger LOG = Logger.getLogger(ServiceServer.class.getName());

  /**
   * HTTP/2 as every Relais service serves it.
   *
   * <p>The receive window stays at HTTP/2's initial 64 KiB, under four frames: with it Helidon
   * gives back each frame's window as soon as the frame is read. With a window of four frames or
   * more, Helidon batches the window it gives back in a counter that the connection's streams
   * update from their own threads without a lock: two streams crossing the threshold together can
   * send a connection WINDOW_UPDATE of 0, which grpc-java treats as a connection error (every call
   * on the connection fails INTERNAL "Received WINDOW_UPDATE with delta 0 for connection stream"),
   * and credit lost in the race shrinks the connection's window for good.
   */
  static Http2Config http2Config() {
    return Http2Config.builder()
        .maxFrameSize(MAX_FRAME)
        .initialWindowSize(RECEIVE_WINDOW)
        .maxHeaderListSize(MAX_HEADERS)
        .build();
  }

  private final WebServer server;
  private final String name;

  private ServiceServer(WebServer server, String name) {
    this.server = server;
    this.name = name;
  }

  public static Builder builder(ServiceConfig config, Telemetry telemetry) {
    return new Builder(config, telemetry);
  }

  /** The bound port (useful when {@code server.port} is 0). */
  public int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.stop();
    LOG.info(() -> name + " stopped");
  }

  /** Collects gRPC services, readiness checks and extra HTTP routes before starting. */
  public static final class Builder {
    private final ServiceConfig config;
    private final Telemetry telemetry;
    private final List<BindableService> services = new ArrayList<>();
    private final Map<String, BooleanSupplier> readiness = new LinkedHashMap<>();
    private final List<Consumer<HttpRouting.Builder>> http = new ArrayList<>();

    private Builder(ServiceConfig config, Telemetry telemetry) {
      this.config = config;
      this.telemetry = telemetry;
    }

    public Builder grpc(BindableService service) {
      services.add(service);
      return this;
    }

    public Builder readiness(String check, BooleanSupplier healthy) {
      readiness.put(check, healthy);
      return this;
    }

    public Builder http(Consumer<HttpRouting.Builder> routes) {
      http.add(routes);
      return this;
    }

    /** Starts serving on {@code server.host}:{@code server.port} (defaults 127.0.0.1:0). */
    public ServiceServer start() {
      int maxMessage = config.integer("server.maxmessage", DEFAULT_MAX_MESSAGE);
      ServiceTls tls = ServiceTls.from(config);
      GrpcRouting.Builder grpc =
          GrpcRouting.builder()
              .intercept(new GrpcTracing(telemetry.openTelemetry()).serverInterceptor())
              .intercept(new RequestSizeLimit(maxMessage, "server.maxmessage"))
              .intercept(new StatusMessageEncoding());
      if (tls.enabled()) {
        grpc.intercept(new CallerCheck(CallerAccess.from(config)));
      }
      services.forEach(grpc::service);
      HttpRouting.Builder routes = HttpRouting.builder();
      routes.get("/health/live", (req, res) -> res.send("{\"status\":\"UP\"}"));
      routes.get(
          "/health/ready",
          (req, res) -> {
            StringBuilder body = new StringBuilder("{\"checks\":{");
            boolean up = true;
            String sep = "";
            for (Map.Entry<String, BooleanSupplier> check : readiness.entrySet()) {
              boolean ok = safely(check.getValue());
              up &= ok;
              body.append(sep)
                  .append('"')
                  .append(check.getKey())
                  .append("\":\"")
                  .append(ok ? "UP" : "DOWN")
                  .append('"');
              sep = ",";
            }
            body.append("},\"status\":\"").append(up ? "UP" : "DOWN").append("\"}");
            res.status(up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503).send(body.toString());
          });
      routes.get(
          PrometheusEndpoint.PATH,
          (req, res) -> {
            res.header(HeaderNames.CONTENT_TYPE, telemetry.prometheus().contentType());
            try (OutputStream out = res.outputStream()) {
              telemetry.prometheus().write(out);
            }
          });
      http.forEach(r -> r.accept(routes));
      WebServerConfig.Builder builder =
          WebServer.builder()
              .host(config.string("server.host", "127.0.0.1"))
              .port(config.integer("server.port", 0))
              .shutdownHook(true)
              .addProtocol(http2Config())
              .addProtocol(GrpcConfig.builder().maxReadBufferSize(maxMessage).build())
              .routing(routes)
              .addRouting(grpc);
      tls.server().ifPresent(builder::tls);
      WebServer server = builder.build().start();
      LOG.info(() ->
          config.service()
              + " serving gRPC and health on port "
              + server.port()
              + (tls.enabled() ? " (mutual TLS)" : ""));
      return new ServiceServer(server, config.service());
    }

    private static boolean safely(BooleanSupplier check) {
      try {
        return check.getAsBoolean();
      } catch (RuntimeException e) {
        return false;
      }
    }
  }
}
