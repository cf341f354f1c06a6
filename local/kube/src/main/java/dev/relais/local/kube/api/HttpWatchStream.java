package dev.relais.local.kube.api;

import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocket;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * A watch over plain HTTP, as kubectl and client-go open it ({@code ?watch=true} without a
 * WebSocket upgrade): the CRUD store's watch events, written as a stream of JSON objects, one per
 * line, on a chunked response that stays open. It stands where the store expects a WebSocket.
 */
final class HttpWatchStream implements WebSocket {

  private final RecordedRequest request;
  private final HttpServerResponse response;
  private final UnaryOperator<String> events;
  private boolean closed;

  HttpWatchStream(
      RecordedRequest request, HttpServerResponse response, UnaryOperator<String> events) {
    this.request = request;
    this.response = response;
    this.events = events;
  }

  @Override
  public RecordedRequest request() {
    return request;
  }

  @Override
  public synchronized boolean send(String text) {
    if (closed) {
      return false;
    }
    String event = events.apply(text);
    if (event != null) {
      try {
        response.write(event + "\n");
      } catch (IllegalStateException e) {
        closed = true; // the client went away
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean send(byte[] bytes) {
    return send(new String(bytes, StandardCharsets.UTF_8));
  }

  @Override
  public synchronized boolean close(int code, String reason) {
    if (closed) {
      return false;
    }
    closed = true;
    if (!response.ended() && !response.closed()) {
      response.end();
    }
    return true;
  }
}
