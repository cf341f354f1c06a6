package dev.relais.local.kube.api;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.mockwebserver.vertx.ServerWebSocketHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of the local API server (Vert.x on loopback): hands each request to the {@link
 * ApiDispatcher}, upgrades watches to WebSockets for the Fabric8 client, and streams them over
 * plain HTTP for kubectl and client-go.
 */
public final class ApiHttpServer implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final ApiDispatcher dispatcher;
  private final HttpServer server;

  public ApiHttpServer(ApiDispatcher dispatcher, InetAddress address, int port) {
    this.dispatcher = dispatcher;
    HttpServerOptions options =
        new HttpServerOptions()
            .setHost(address.getHostAddress())
            .setPort(port)
            .setHandle100ContinueAutomatically(true)
            .setWebSocketSubProtocols(
                List.of(
                    "v4.channel.k8s.io",
                    "v3.channel.k8s.io",
                    "v2.channel.k8s.io",
                    "channel.k8s.io"));
    this.server = vertx.createHttpServer(options).requestHandler(this::handle);
    await(server.listen());
  }

  public int port() {
    return server.actualPort();
  }

  private void handle(HttpServerRequest event) {
    event.resume();
    // A WebSocket upgrade must find its request unread: read a body only when there is one.
    String length = event.getHeader("Content-Length");
    boolean hasBody =
        (length != null && !length.isBlank() && Long.parseLong(length.trim()) > 0)
            || event.getHeader("Content-Type") != null
            || event.getHeader("Transfer-Encoding") != null;
    Future<io.vertx.core.buffer.Buffer> read =
        hasBody ? event.body() : Future.succeededFuture(null);
    read.onFailure(e -> fail(event, e))
        .onSuccess(body -> {
          RecordedRequest request =
              new RecordedRequest(
                  event.version().alpnName().toUpperCase(Locale.ROOT),
                  HttpMethod.fromVertx(event.method()),
                  event.uri(),
                  Headers.builder().addAll(event.headers()).build(),
                  new Buffer(body == null ? null : body.getBytes()));
          if (isUpgrade(event)) {
            // Upgraded while the request is fresh, as Vert.x requires.
            respond(event, request, dispatcher.dispatch(request));
            return;
          }
          vertx
              .executeBlocking(() -> dispatcher.dispatch(request), false)
              .onFailure(e -> fail(event, e))
              .onSuccess(response -> respond(event, request, response));
        });
  }

  private void respond(HttpServerRequest event, RecordedRequest request, MockResponse response) {
    WebSocketListener listener = response.getWebSocketListener();
    if (listener != null) {
      if (isUpgrade(event)) {
        event
            .toWebSocket()
            .onFailure(e -> fail(event, e))
            .onSuccess(new ServerWebSocketHandler(request, response));
      } else {
        stream(event, request, response, listener);
      }
      return;
    }
    HttpServerResponse out = event.response();
    out.setStatusCode(response.code());
    response.getHeaders().toMultimap().forEach((key, values) -> out.headers().add(key, values));
    if (response.getBody() != null && response.getBody().size() > 0) {
      if (out.headers().get("Content-Type") == null) {
        out.putHeader("Content-Type", "application/json");
      }
      out.end(io.vertx.core.buffer.Buffer.buffer(response.getBody().getBytes()));
    } else {
      out.end();
    }
  }

  private void stream(
      HttpServerRequest event,
      RecordedRequest request,
      MockResponse response,
      WebSocketListener listener) {
    HttpServerResponse out = event.response();
    out.setStatusCode(200).setChunked(true);
    out.putHeader("Content-Type", "application/json");
    out.writeHead();
    HttpWatchStream stream = new HttpWatchStream(request, out, dispatcher.watchEvents(request));
    Runnable closed =
        () ->
            Thread.ofVirtual()
                .name("watch-closed")
                .start(() -> listener.onClosed(stream, 1000, "closed"));
    out.closeHandler(v -> closed.run());
    String timeout = ApiDispatcher.query(event.query()).get("timeoutSeconds");
    if (timeout != null && timeout.matches("[0-9]{1,9}") && Long.parseLong(timeout) > 0) {
      vertx.setTimer(
          TimeUnit.SECONDS.toMillis(Long.parseLong(timeout)),
          id -> {
            stream.close(1000, "timeout");
            closed.run();
          });
    }
    listener.onOpen(stream, response);
  }

  private static boolean isUpgrade(HttpServerRequest event) {
    String upgrade = event.getHeader("Upgrade");
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }

  private static void fail(HttpServerRequest event, Throwable error) {
    if (!event.response().headWritten()) {
      event.response().setStatusCode(500).end(String.valueOf(error.getMessage()));
    }
  }

  @Override
  public void close() {
    try {
      await(server.close());
    } finally {
      await(vertx.close());
    }
  }

  private static <T> T await(Future<T> future) {
    CompletableFuture<T> done = new CompletableFuture<>();
    future.onComplete(r -> {
      if (r.succeeded()) {
        done.complete(r.result());
      } else {
        done.completeExceptionally(r.cause());
      }
    });
    try {
      return done.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("the local API server's HTTP listener failed", e);
    }
  }
}
