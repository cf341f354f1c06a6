package dev.relais.common.server;

import dev.relais.common.config.ServiceConfig;
import dev.relais.common.telemetry.GrpcTracing;
import dev.relais.common.telemetry.Telemetry;
import io.grpc.BindableService;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.grpc.GrpcConfig;
import io.helidon.webserver.grpc.GrpcRouting;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http2.Http2Config;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The Helidon SE web server of a Relais service: gRPC services and HTTP health on one port.
 *
 * <p>{@code GET /health/live} answers as soon as the process serves; {@code GET /health/ready} runs
 * the service's readiness checks (e.g. Cassandra reachable) and answers 503 until they pass.
 *
 * <p>A gRPC request message may hold at most {@code server.maxmessage} bytes (default {@value
 * #DEFAULT_MAX_MESSAGE}, 4 MiB, the limit of gRPC's own servers and clients); a larger one is
 * answered RESOURCE_EXHAUSTED at once. Relais' own clients stream imports in 64 KiB chunks.
 */
public final class ServiceServer implements AutoCloseable {

  /** Default of {@code server.maxmessage}, in bytes. */
  public static final int DEFAULT_MAX_MESSAGE = 4 * 1024 * 1024;

  /** HTTP/2's initial frame size, which every peer accepts; larger frames save little here. */
  private static final int MAX_FRAME = 16 * 1024;

  /** Request headers (HPACK-decoded): gRPC metadata here is a trace context and a deadline. */
  private static final long MAX_HEADERS = 8 * 1024;

  private static final Logger LOG = Logger.getLogger(ServiceServer.class.getName());

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
      GrpcRouting.Builder grpc =
          GrpcRouting.builder()
              .intercept(new GrpcTracing(telemetry.openTelemetry()).serverInterceptor())
              .intercept(new RequestSizeLimit(maxMessage, "server.maxmessage"))
              .intercept(new StatusMessageEncoding());
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
      http.forEach(r -> r.accept(routes));
      WebServer server =
          WebServer.builder()
              .host(config.string("server.host", "127.0.0.1"))
              .port(config.integer("server.port", 0))
              .shutdownHook(true)
              .addProtocol(
                  Http2Config.builder()
                      .maxFrameSize(MAX_FRAME)
                      .maxHeaderListSize(MAX_HEADERS)
                      .build())
              .addProtocol(GrpcConfig.builder().maxReadBufferSize(maxMessage).build())
              .routing(routes)
              .addRouting(grpc)
              .build()
              .start();
      LOG.info(() -> config.service() + " serving gRPC and health on port " + server.port());
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
