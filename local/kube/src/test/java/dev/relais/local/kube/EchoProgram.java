package dev.relais.local.kube;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny program for the kubelet to run: ready at once, shows its environment at /env, and serves
 * /public on {@code PUBLIC_PORT} when given.
 */
public final class EchoProgram {

  private EchoProgram() {}

  public static void main(String[] args) throws IOException {
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(
                System.getenv("SERVER_HOST"), Integer.parseInt(System.getenv("SERVER_PORT"))),
            16);
    server.createContext(
        "/health/ready",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.createContext(
        "/env",
        exchange -> {
          StringBuilder body = new StringBuilder();
          new TreeMap<>(System.getenv())
              .forEach((k, v) -> body.append(k).append('=').append(v).append('\n'));
          body.append("PID=").append(ProcessHandle.current().pid()).append('\n');
          byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    String publicPort = System.getenv("PUBLIC_PORT");
    if (publicPort != null) {
      // A second listening port, named by a variable of its own (as links' redirect port is).
      HttpServer second =
          HttpServer.create(
              new InetSocketAddress(System.getenv("SERVER_HOST"), Integer.parseInt(publicPort)),
              16);
      second.createContext(
          "/public",
          exchange -> {
            byte[] bytes = "public side".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
          });
      second.start();
    }
  }

  /** Parses the body of /env. */
  static Map<String, String> parse(String body) {
    Map<String, String> env = new TreeMap<>();
    for (String line : body.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }
}
